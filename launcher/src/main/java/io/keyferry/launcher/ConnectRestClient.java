package io.keyferry.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few calls of the Connect REST API the launcher makes: deploy, status, task configs, offsets, delete. */
final class ConnectRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    ConnectRestClient(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    /** Creates the connector or updates its config (PUT /connectors/{name}/config). */
    void deploy(String name, Map<String, String> config) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/config"))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
    }

    JsonNode status(String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/status")).GET());
    }

    /** The configs Connect gave the connector's tasks: a list of {id, config}. */
    JsonNode tasks(String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/tasks")).GET());
    }

    JsonNode offsets(String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/offsets")).GET());
    }

    void delete(String name) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("connectors/" + name)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json")
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            String message = response.body();
            try {
                message = JSON.readTree(response.body()).path("message").asText(message);
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new IOException("Connect REST " + response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + ": " + message);
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}

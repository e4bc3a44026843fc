package io.keyferry.source.live;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Subscribes to the key-event notifications of one database ({@code __keyevent@<db>__:*}) and queues the
 * key of every event. Every event, whatever it is (set, del, expired, rename_from, …), means "read this
 * key again", so the event name is not needed. Notifications are not replayable: when the connection
 * drops, Lettuce reconnects and subscribes again, and that second subscription raises {@link #takeGap()}
 * for the source to resync; the resync starts only after it, so no change falls between the two.
 */
public final class NotificationListener implements AutoCloseable {
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicBoolean gap = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();

    private NotificationListener(StatefulRedisPubSubConnection<byte[], byte[]> connection) {
        this.connection = connection;
    }

    /** Subscribes and returns once the server has confirmed the subscription. */
    public static NotificationListener subscribe(RedisClient client, int database, ChangeQueue queue,
                                                 Predicate<byte[]> accepts) {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
        NotificationListener listener = new NotificationListener(connection);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] key) {
                listener.received.incrementAndGet();
                if (accepts.test(key)) {
                    queue.offer(key);
                }
            }

            @Override
            public void psubscribed(byte[] pattern, long count) {
                if (listener.subscriptions.incrementAndGet() > 1) {
                    listener.gap.set(true);
                    queue.wakeUp();
                }
            }
        });
        connection.sync().psubscribe(("__keyevent@" + database + "__:*").getBytes(StandardCharsets.US_ASCII));
        return listener;
    }

    /** @return whether the subscription was lost and renewed since the last call (events were missed) */
    public boolean takeGap() {
        return gap.getAndSet(false);
    }

    /** Notifications received so far, of any key. */
    public long received() {
        return received.get();
    }

    public boolean subscribed() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}

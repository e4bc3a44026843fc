package io.keyferry.sink.write;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;

/**
 * The output of a typed write command: only whether it failed matters, so any reply (status, integer,
 * bulk) is accepted and dropped. Errors are still recorded by the base class and fail the command.
 */
final class DiscardingOutput extends CommandOutput<byte[], byte[], Void> {
    DiscardingOutput() {
        super(ByteArrayCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
    }

    @Override
    public void set(long integer) {
    }

    @Override
    public void set(double number) {
    }

    @Override
    public void set(boolean value) {
    }
}

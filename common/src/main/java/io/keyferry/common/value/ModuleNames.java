package io.keyferry.common.value;

import com.moilioncircle.redis.replicator.Constants;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.rdb.BaseRdbParser;
import com.moilioncircle.redis.replicator.util.ByteArray;
import java.io.IOException;

/**
 * The name of the module type a module value belongs to, for error messages. A module value starts with a
 * 64-bit module type ID: nine 6-bit characters of the type name, then a 10-bit encoding version.
 */
final class ModuleNames {
    private ModuleNames() {
    }

    /** @param body the payload after its type byte */
    static String of(byte[] body) {
        try {
            long id = new BaseRdbParser(new RedisInputStream(new ByteArray(body))).rdbLoadLen().len;
            char[] name = new char[9];
            for (int i = 0; i < name.length; i++) {
                name[i] = Constants.MODULE_SET[(int) (id >>> (10 + (name.length - 1 - i) * 6) & 63)];
            }
            return "module type '" + new String(name) + "', encoding version " + (id & 1023);
        } catch (IOException | RuntimeException e) {
            return "module type unreadable";
        }
    }
}

/// Syntax of the identifiers that become part of storage keys and tokens.
public enum Identifier {
    /// Tenant ids: `[a-z0-9][a-z0-9_-]{0,62}`.
    public static func isTenant(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), isLowerAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F }
    }

    /// User, key, agent and app ids: `[A-Za-z0-9._@+-]{1,128}`.
    public static func isObjectID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy {
            isLowerAlphanumeric($0) || (0x41...0x5A).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x40
                || $0 == 0x2B
                || $0 == 0x2D
        }
    }

    /// A new random id with a type prefix, e.g. `key_4Yt…`.
    public static func generate(_ prefix: String) -> String { prefix + "_" + Base62.random(count: 20) }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}

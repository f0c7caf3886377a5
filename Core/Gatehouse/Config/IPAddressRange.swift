#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `::1/128`, or a bare address).
public struct IPAddressRange: Sendable, Equatable {
    /// The network address bytes (4 or 16).
    public let network: [UInt8]
    /// The prefix length in bits.
    public let prefixLength: Int

    /// Parses CIDR notation; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parseAddress(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length), parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        network = Self.mask(address, prefixLength)
    }

    /// Whether an address (textual IPv4 or IPv6, IPv4-mapped IPv6 accepted) is inside the range.
    public func contains(_ addressText: String) -> Bool {
        guard var address = Self.parseAddress(addressText) else { return false }
        if address.count == 16, network.count == 4, address[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF][...] {
            address = Array(address[12...])
        }
        guard address.count == network.count else { return false }
        return Self.mask(address, prefixLength) == network
    }

    /// Whether an address given as 4 or 16 bytes is inside the range (no IPv4-mapped conversion).
    public func contains(bytes address: [UInt8]) -> Bool {
        address.count == network.count && Self.mask(address, prefixLength) == network
    }

    /// The bytes of a textual IPv4 or IPv6 address.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func mask(_ address: [UInt8], _ length: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let bits = max(0, min(8, length - index * 8))
            return bits == 8 ? byte : byte & ~(0xFF >> bits)
        }
    }
}

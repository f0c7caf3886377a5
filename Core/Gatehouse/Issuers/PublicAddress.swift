/// Which IP addresses an outbound fetch to a configured URL may connect to: public unicast ones
/// only. Loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local, multicast,
/// documentation, benchmarking and reserved ranges are refused, IPv4-mapped and NAT64 IPv6
/// addresses by the IPv4 address inside them.
public enum PublicAddress {
    private static let refusedV4 = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    ].compactMap(IPAddressRange.init)
    private static let refusedV6 = [
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10",
        "ff00::/8",
    ].compactMap(IPAddressRange.init)
    private static let loopback = ["127.0.0.0/8", "::1/128"].compactMap(IPAddressRange.init)

    /// Whether `address` (4 or 16 bytes) is a public unicast address.
    public static func isPublic(_ address: [UInt8]) -> Bool {
        let address = embeddedIPv4(address) ?? address
        switch address.count {
        case 4: return !refusedV4.contains { $0.contains(bytes: address) }
        case 16: return !refusedV6.contains { $0.contains(bytes: address) }
        default: return false
        }
    }

    /// Whether `address` is a loopback address (`127.0.0.0/8`, `::1`, or IPv4 loopback mapped into IPv6).
    public static func isLoopback(_ address: [UInt8]) -> Bool {
        let address = embeddedIPv4(address) ?? address
        return loopback.contains { $0.contains(bytes: address) }
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:0:0/96`) or NAT64 (`64:ff9b::/96`) address.
    private static func embeddedIPv4(_ address: [UInt8]) -> [UInt8]? {
        guard address.count == 16 else { return nil }
        let prefix = Array(address[0..<12])
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        let nat64: [UInt8] = [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]
        return prefix == mapped || prefix == nat64 ? Array(address[12...]) : nil
    }
}

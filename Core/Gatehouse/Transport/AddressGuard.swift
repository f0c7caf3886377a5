import CCurl
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens the sockets of one exchange, refusing the addresses its policy does not allow.
final class AddressGuard {
    let allows: ([UInt8]) -> Bool
    var refused = false

    init(_ allows: @escaping ([UInt8]) -> Bool) { self.allows = allows }

    /// A socket for `address` (what libcurl's default would open), or `CURL_SOCKET_BAD` (-1).
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        let socketAddress = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \.addr)!
        let bytes: [UInt8]
        switch family {
        case AF_INET:
            var ipv4 = socketAddress.loadUnaligned(as: sockaddr_in.self).sin_addr
            bytes = withUnsafeBytes(of: &ipv4) { Array($0) }
        case AF_INET6:
            var ipv6 = socketAddress.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
        default:
            bytes = []
        }
        guard !bytes.isEmpty, allows(bytes) else {
            refused = true
            return -1
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }
}

/// The parts of an outbound URL that configuration checks look at.
struct OutboundURL {
    let isHTTPS: Bool
    let host: String

    init?(_ text: String) {
        let lower = text.asciiLowercased
        let rest: Substring
        if lower.hasPrefix("https://") {
            isHTTPS = true
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            isHTTPS = false
            rest = text.dropFirst(7)
        } else {
            return nil
        }
        guard !text.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        if authority.hasPrefix("[") {
            host = String(authority.prefix { $0 != "]" }.dropFirst())
        } else {
            host = String(authority.prefix { $0 != ":" })
        }
        guard !host.isEmpty else { return nil }
    }

    var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" }
}

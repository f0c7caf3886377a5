public import GatehouseCore

/// Regular expressions for route patterns, as web servers' path maps need them.
public enum PathPattern {
    /// The pattern without its leading slash as a regular expression (no anchors): literal segments
    /// escaped, each `{parameter}` as `parameter` (a regex matching one segment), and a rest
    /// parameter `{name+}` as one or more such segments.
    public static func regex(_ pattern: String, parameter: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment in
            guard segment.hasPrefix("{") && segment.hasSuffix("}") else { return escape(String(segment)) }
            return segment.hasSuffix("+}") ? "\(parameter)(?:/\(parameter))*" : parameter
        }.joined(separator: "/")
    }

    /// `text` with the characters that mean something in a POSIX or PCRE regular expression escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if ".[]{}()\\*+?^$|".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

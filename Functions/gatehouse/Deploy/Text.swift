/// Small text helpers for renderers (the deployment library uses no Foundation).
enum Text {
    /// `text` followed by spaces up to `width` characters.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// The lines of several blocks, joined with newlines.
    static func join(_ blocks: [String]...) -> String {
        blocks.joined().joined(separator: "\n")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func paddedTo(_ width: Int) -> String { Text.padded(self, to: width) }
}

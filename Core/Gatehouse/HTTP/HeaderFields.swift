/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Names keep the spelling they were added with, so responses read the way they were written;
/// lookups ignore case, as RFC 9110 requires.
public struct HeaderFields: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order.
    public private(set) var fields: [(name: String, value: String)] = []

    /// No fields.
    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// Appends a field, keeping any with the same name (as `Set-Cookie` needs).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field of this name with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field of this name.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.isEqualIgnoringASCIICase(name) }
    }

    /// The first value of a field, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.isEqualIgnoringASCIICase(name) }?.value
    }

    /// Every value of a field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.isEqualIgnoringASCIICase(name) }.map(\.value)
    }

    /// Whether a field of this name is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.isEqualIgnoringASCIICase(name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }
}

extension String {
    /// Whether two strings are equal when ASCII letters are compared without case.
    func isEqualIgnoringASCIICase(_ other: String) -> Bool {
        let lhs = utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        for (a, b) in zip(lhs, rhs) where a != b {
            guard a | 0x20 == b | 0x20, (a | 0x20) >= 0x61, (a | 0x20) <= 0x7A else { return false }
        }
        return true
    }

    /// The string with ASCII letters lowered; other characters untouched.
    var asciiLowercased: String {
        String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether the string holds a CR, LF or NUL, which must never reach a header.
    var containsLineBreakOrNUL: Bool {
        utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

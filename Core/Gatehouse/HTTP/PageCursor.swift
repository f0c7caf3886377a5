/// A position in a list ordered by creation time then id: `<created_at ms>.<id>`. The next page
/// starts after it, so records created or deleted meanwhile never shift a page.
public struct PageCursor: Sendable, Hashable, Comparable {
    /// The creation time (Unix ms) of the last record of a page.
    public let createdAt: Int64
    /// Its id.
    public let id: String

    /// A cursor at a record.
    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Parses `<digits>.<object id>`; nil for anything else.
    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), let time = Int64(text[..<dot]), time >= 0 else { return nil }
        let id = String(text[text.index(after: dot)...])
        guard text[..<dot].allSatisfy(\.isASCII), Identifier.isObjectID(id) else { return nil }
        self.init(createdAt: time, id: id)
    }

    /// The text form, as sent in `next`.
    public var text: String { "\(createdAt).\(id)" }

    public static func < (lhs: PageCursor, rhs: PageCursor) -> Bool {
        (lhs.createdAt, lhs.id) < (rhs.createdAt, rhs.id)
    }
}

/// The `cursor` and `limit` query parameters of a list route (SPEC §4, like `GET /v1/audit`):
/// `limit` 1–1000 (default 100), `cursor` the `next` of the previous page. Every list route parses
/// them with ``parse(_:)`` and answers with ``page(_:next:)``.
public struct PageRequest: Sendable, Equatable {
    /// Records on one page unless the request says otherwise.
    public static let defaultLimit = 100
    /// The most records one page may hold.
    public static let maximumLimit = 1000

    /// Where the page starts: after this record (nil: the first page).
    public var cursor: PageCursor?
    /// At most this many records.
    public var limit: Int

    /// A page request.
    public init(cursor: PageCursor? = nil, limit: Int = PageRequest.defaultLimit) {
        self.cursor = cursor
        self.limit = limit
    }

    /// Reads `cursor` and `limit` from the query; 422 naming the field for a bad value.
    public static func parse(_ request: APIRequest) throws -> PageRequest {
        guard let items = request.queryItems else { throw GatehouseError.invalidRequest("Malformed query string") }
        var page = PageRequest()
        for item in items {
            switch item.name {
            case "limit":
                guard let value = Int(item.value), (1...maximumLimit).contains(value) else {
                    throw GatehouseError.validation("limit must be from 1 to \(maximumLimit)", field: "limit")
                }
                page.limit = value
            case "cursor":
                guard let cursor = PageCursor(item.value) else {
                    throw GatehouseError.validation("cursor must be the next of a previous page", field: "cursor")
                }
                page.cursor = cursor
            default: continue
            }
        }
        return page
    }

    /// The answer of a list route: `{"data": [...], "next": cursor or null}`.
    public static func page(_ data: [JSONValue], next: PageCursor?) -> APIResponse {
        .json(200, ["data": .array(data), "next": next.map { .string($0.text) } ?? .null])
    }
}

/// The filters and the page position of the audit log page, read from its query string (a GET
/// form, so a filtered page can be bookmarked): outcome, route, credential type, key id, a time
/// window (UTC), and `before`, the stream id the next older page starts after.
struct ConsoleAuditFilter: Equatable {
    var outcome: String?
    var route: String?
    var credential: String?
    var keyID: String?
    /// The window's ends as typed (`2026-12-01T15:00`, UTC) and as stream ids.
    var since: String?
    var until: String?
    var sinceID: String?
    var untilID: String?
    var before: String?

    static let outcomes = ["success", "denied", "auth_failed", "delivery_failed"]
    static let credentials = ["api_key", "session", "access_token", "agent_key", "platform_credential", "external_jwt"]
    /// Records shown on one page, and read at most to fill it.
    static let pageSize = 50
    static let scanLimit = 1000

    /// The filter of a query; 422 naming the field for a value that cannot be read.
    init(_ items: [(name: String, value: String)]) throws {
        for item in items where !item.value.isEmpty {
            switch item.name {
            case "outcome":
                guard Self.outcomes.contains(item.value) else {
                    throw GatehouseError.validation("Pick an outcome from the list", field: "outcome")
                }
                outcome = item.value
            case "credential":
                guard Self.credentials.contains(item.value) else {
                    throw GatehouseError.validation("Pick a credential type from the list", field: "credential")
                }
                credential = item.value
            case "route": route = String(item.value.prefix(200))
            case "key_id": keyID = String(item.value.prefix(64))
            case "since":
                since = item.value
                sinceID = try Self.streamID(item.value, field: "since")
            case "until":
                until = item.value
                untilID = try Self.streamID(item.value, field: "until")
            case "before":
                guard AuditLog.streamID(since: item.value) == item.value else {
                    throw GatehouseError.validation("before must be a record id", field: "before")
                }
                before = item.value
            default: continue
            }
        }
    }

    /// A typed time (`YYYY-MM-DDTHH:MM`, seconds and `Z` optional, UTC) as the stream id just
    /// before it.
    static func streamID(_ text: String, field: String) throws -> String? {
        var time = text
        if time.count == 16 { time += ":00" }
        if !time.hasSuffix("Z") { time += "Z" }
        guard let id = AuditLog.streamID(since: time) else {
            throw GatehouseError.validation("Write the time as 2026-12-01T15:00 (UTC)", field: field)
        }
        return id
    }

    /// The newest end of the range to read: after the previous page, else the window's end.
    var rangeEnd: String { before.map { "(" + $0 } ?? untilID ?? "+" }
    /// The oldest end: the window's start (exclusive of the moment before it).
    var rangeStart: String { sinceID.map { "(" + $0 } ?? "-" }

    /// Whether a record passes the filters.
    func matches(_ fields: [(String, String)]) -> Bool {
        func value(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
        if let outcome, value("outcome") != outcome { return false }
        if let credential, value("credential_type") != credential { return false }
        if let keyID, value("key_id") != keyID { return false }
        if let route, !(value("route") ?? "").contains(route) { return false }
        return true
    }

    /// The query of this filter starting at `before`.
    func query(before: String?) -> String {
        let pairs: [(String, String?)] = [
            ("outcome", outcome), ("route", route), ("credential", credential), ("key_id", keyID), ("since", since),
            ("until", until), ("before", before),
        ]
        return FormURLEncoded.encode(pairs.compactMap { pair in pair.1.map { (pair.0, $0) } })
    }
}

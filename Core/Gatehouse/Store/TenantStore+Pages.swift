/// One page of a tenant's records (``TenantStore/page(of:record:request:newestFirst:testMode:)``).
public struct RecordPage: Sendable {
    /// The ids of the page's records, in order.
    public let ids: [String]
    /// The cursor of the next page; nil on the last.
    public let next: PageCursor?
}

extension TenantStore {
    /// The ids on one page of the records listed in the set `set` (ids), each record the hash at
    /// `record(id)`, ordered by `created_at` then id (oldest first, or newest first). Only the
    /// ordering fields of every record are read (one pipeline); the caller reads the page's records.
    /// `testMode`, when given, keeps only records whose `is_test` matches (test keys see test data).
    public func page(
        of set: String, record: (String) -> String, request: PageRequest, newestFirst: Bool = false,
        testMode: Bool? = nil
    ) throws -> RecordPage {
        let ids = try redis.command(["SMEMBERS", .string(set)]).arrayValue?.compactMap(\.stringValue) ?? []
        return try page(ofIDs: ids, record: record, request: request, newestFirst: newestFirst, testMode: testMode)
    }

    /// ``page(of:record:request:newestFirst:testMode:)`` over ids the caller already holds (the
    /// union of several sets, say).
    public func page(
        ofIDs ids: [String], record: (String) -> String, request: PageRequest, newestFirst: Bool = false,
        testMode: Bool? = nil
    ) throws -> RecordPage {
        guard !ids.isEmpty else { return RecordPage(ids: [], next: nil) }
        let replies = try redis.pipeline(ids.map { ["HMGET", .string(record($0)), "created_at", "is_test"] })
        var positions: [PageCursor] = []
        for (id, reply) in zip(ids, replies) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
            guard let fields = reply.arrayValue, fields.count == 2, fields != [.null, .null] else {
                continue  // deleted meanwhile
            }
            let createdAt = fields[0].stringValue.flatMap { Int64($0) } ?? 0
            if let testMode, (fields[1].stringValue == "1" || fields[1].stringValue == "true") != testMode { continue }
            positions.append(PageCursor(createdAt: createdAt, id: id))
        }
        positions.sort { newestFirst ? $0 > $1 : $0 < $1 }
        if let cursor = request.cursor {
            positions.removeAll { newestFirst ? $0 >= cursor : $0 <= cursor }
        }
        let page = Array(positions.prefix(request.limit))
        return RecordPage(ids: page.map(\.id), next: positions.count > request.limit ? page.last : nil)
    }

    /// The hashes of a page's records, in the page's order (one pipeline); records deleted since
    /// the page was read are left out.
    public func records<Record>(
        of page: RecordPage, record: (String) -> String, _ decode: ([String: String]) -> Record?
    ) throws -> [Record] {
        guard !page.ids.isEmpty else { return [] }
        return try redis.pipeline(page.ids.map { ["HGETALL", .string(record($0))] }).compactMap {
            if let message = $0.errorMessage { throw RedisError.server(message) }
            return decode($0.hashFields)
        }
    }
}

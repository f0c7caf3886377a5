extension TenantStore {
    /// The ids on one page of a list, ordered by `created_at` then id (oldest first, or newest
    /// first), read from the list's sorted index: one script, O(log N + limit), that builds the
    /// index first if the tenant predates it. `testMode` keeps only records whose `is_test`
    /// matches (test keys see test data); it applies to indexes by mode, which need it.
    public func page(
        of index: ListIndex, request: PageRequest, newestFirst: Bool = false, testMode: Bool? = nil
    ) throws -> RecordPage {
        let (start, end) = index.bounds(after: request.cursor, newestFirst: newestFirst, testMode: testMode)
        let reply = try redis.evaluate(
            Self.pageScript, keys: [.string(index.key), .string(index.set)],
            arguments: [
                .string(index.recordPrefix), .string(start), .string(end), .string(newestFirst ? "REV" : ""),
                .integer(Int64(request.limit) + 1), .string(index.byMode ? "1" : ""),
            ])
        if let message = reply.errorMessage { throw RedisError.server(message) }
        let positions = (reply.arrayValue ?? []).compactMap { $0.stringValue.flatMap(index.position) }
        let page = Array(positions.prefix(request.limit))
        return RecordPage(ids: page.map(\.id), next: positions.count > request.limit ? page.last : nil)
    }

    /// Builds the index if missing (KEYS[1] index, KEYS[2] SET, ARGV[1] record prefix), then one
    /// `ZRANGE … BYLEX [REV] LIMIT 0 count` (ARGV[2] start, ARGV[3] end, ARGV[4] `REV` or empty,
    /// ARGV[5] count); ARGV[6] is `1` for an index by mode.
    static let pageScript = RedisScript(
        ListIndex.ensureLua(set: "KEYS[2]", index: "KEYS[1]", prefix: "ARGV[1]", byMode: "ARGV[6] == '1'") + """

            if ARGV[4] == 'REV' then
                return redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'BYLEX', 'REV', 'LIMIT', 0, ARGV[5])
            end
            return redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'BYLEX', 'LIMIT', 0, ARGV[5])
            """)

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

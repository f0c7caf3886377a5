/// The sorted index of one tenant list (API keys, users, agents, apps): a ZSET beside the list's id
/// SET whose members all score 0 and read `<mode><created_at, 20 digits>:<id>`, so their
/// lexicographic order is the page order (creation time, then id) and a page is one
/// `ZRANGE … BYLEX LIMIT` from the cursor: O(log N + limit), whatever the tenant holds.
///
/// `mode` is `t` (test) or `l` (live) for the lists a test credential sees apart (keys, users),
/// empty for the others. The scripts that write a record add its member in the same script; a
/// tenant written before the index existed gets it built once, atomically, by the first script
/// that finds the SET without the ZSET (``ensureLua``).
public struct ListIndex: Sendable {
    /// The id SET of the list (`gh:{t}:keys`, …).
    public let set: String
    /// The ZSET (`<set>:order`).
    public let key: String
    /// The prefix of the list's record keys (`gh:{t}:key:`, …): the record of `id` is prefix + id.
    public let recordPrefix: String
    /// Whether members carry the record's test mode (pages then hold one mode only).
    public let byMode: Bool

    /// The index of the list whose ids are in `set` and whose records are `record(id)`.
    public init(set: String, record: (String) -> String, byMode: Bool) {
        self.set = set
        self.key = set + ":order"
        self.recordPrefix = record("")
        self.byMode = byMode
    }

    /// The member of a record.
    public func member(createdAt: Int64, id: String, isTest: Bool) -> String {
        modePrefix(byMode ? isTest : nil) + Self.paddedTime(createdAt) + ":" + id
    }

    /// The position a member names, nil for a member that is not one of this index's.
    func position(_ member: String) -> PageCursor? {
        let bytes = Array(member.utf8)
        let start = byMode ? 1 : 0
        guard bytes.count > start + 21, bytes[start + 20] == UInt8(ascii: ":"),
            let time = Int64(String(decoding: bytes[start..<start + 20], as: UTF8.self))
        else { return nil }
        return PageCursor(createdAt: time, id: String(decoding: bytes[(start + 21)...], as: UTF8.self))
    }

    /// The `ZRANGE … BYLEX` bounds of the records after `cursor` (before it, newest first), of one
    /// mode when the index is by mode: (start, end) in the order ZRANGE takes them (REV: high first).
    func bounds(after cursor: PageCursor?, newestFirst: Bool, testMode: Bool?) -> (String, String) {
        let mode = modePrefix(byMode ? (testMode ?? false) : nil)
        let low = mode.isEmpty ? "-" : "[" + mode
        let high = mode.isEmpty ? "+" : "(" + String(UnicodeScalar(mode.utf8.first! + 1))
        guard let cursor else { return newestFirst ? (high, low) : (low, high) }
        let from = "(" + mode + Self.paddedTime(cursor.createdAt) + ":" + cursor.id
        return newestFirst ? (from, low) : (from, high)
    }

    private func modePrefix(_ isTest: Bool?) -> String {
        switch isTest {
        case .some(true): "t"
        case .some(false): "l"
        case nil: ""
        }
    }

    /// A creation time as 20 decimal digits, so that text order is number order.
    static func paddedTime(_ time: Int64) -> String {
        let digits = String(max(time, 0))
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Lua that builds the index from the SET when the SET exists without it: every record's
    /// member from its `created_at` and `is_test` (records gone meanwhile are left out). `set`,
    /// `index`, `prefix` and the condition `byMode` are Lua expressions (`KEYS[2]`, `ARGV[7]`…).
    static func ensureLua(set: String, index: String, prefix: String, byMode: String) -> String {
        """
        if redis.call('EXISTS', \(index)) == 0 and redis.call('EXISTS', \(set)) == 1 then
            for _, id in ipairs(redis.call('SMEMBERS', \(set))) do
                local f = redis.call('HMGET', \(prefix) .. id, 'created_at', 'is_test')
                if f[1] or f[2] then
                    local mode = ''
                    if \(byMode) then
                        if f[2] == '1' or f[2] == 'true' then mode = 't' else mode = 'l' end
                    end
                    local time = tonumber(f[1]) or 0
                    if time < 0 or time ~= math.floor(time) then time = 0 end
                    redis.call('ZADD', \(index), 0, mode .. string.format('%020.0f', time) .. ':' .. id)
                end
            end
        end
        """
    }
}

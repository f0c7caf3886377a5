import Foundation
import GatehouseCore
import Synchronization

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let value: Mutex<Int64>
    init(_ start: Int64 = SystemAccess.currentTimeMilliseconds()) { value = Mutex(start) }
    var now: Int64 { value.withLock { $0 } }
    func set(_ time: Int64) { value.withLock { $0 = time } }
    func advance(_ milliseconds: Int64) { value.withLock { $0 += milliseconds } }
    var function: @Sendable () -> Int64 { { self.now } }
}

extension GatehouseFixture {
    /// A request with a JSON body (if any) and headers.
    static func request(
        _ method: String, _ path: String, query: String = "", headers: [String: String] = [:], json: String? = nil,
        form: String? = nil, remoteAddress: String? = "192.0.2.10"
    ) -> APIRequest {
        var fields = HeaderFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { fields.add(name, value) }
        if json != nil { fields.add("Content-Type", "application/json") }
        if form != nil { fields.add("Content-Type", "application/x-www-form-urlencoded") }
        return APIRequest(
            method: method, path: path, rawQuery: query, headers: fields, body: Array((json ?? form ?? "").utf8),
            remoteAddress: remoteAddress)
    }

    /// Sends a request authenticated with `key` (Bearer), through an application on `clock`.
    func call(
        _ method: String, _ path: String, key: String? = nil, headers: [String: String] = [:], json: String? = nil,
        form: String? = nil, query: String = "", clock: TestClock? = nil, extra: [String: String] = [:],
        redisURL: String? = nil,
        remoteAddress: String? = "192.0.2.10"
    ) throws -> APIResponse {
        var headers = headers
        if let key { headers["Authorization"] = "Bearer \(key)" }
        let application = try application(
            redisURL: redisURL, ["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 40)].merging(extra) { $1 },
            clock: clock?.function ?? SystemAccess.currentTimeMilliseconds)
        return application.handle(
            Self.request(
                method, path, query: query, headers: headers, json: json, form: form, remoteAddress: remoteAddress),
            redis: RedisClient(configuration: application.configuration.redis))
    }
}

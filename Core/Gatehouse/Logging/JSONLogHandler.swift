public import Logging

/// A swift-log handler that writes one JSON object per line: `{"ts","level","label","msg",…metadata}`.
///
/// Functions log to stderr (stdout is the response in CGI and event mode). Callers put data in
/// metadata, never in the message, and never a secret in either: the request logger carries only
/// route, status, request id, tenant, subject and key id.
public struct JSONLogHandler: LogHandler {
    /// Where finished lines go.
    public typealias Sink = @Sendable ([UInt8]) -> Void

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: Sink

    /// A handler writing lines to `sink` (stderr by default).
    public init(label: String, level: Logger.Level = .info, sink: @escaping Sink = JSONLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    /// Writes a line to standard error.
    public static let standardError: Sink = { line in SystemAccess.writeAll(line, to: 2) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "ts": .string(Timestamp.iso8601(milliseconds: SystemAccess.currentTimeMilliseconds())),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "msg": .string(event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            object[key] = Self.json(merged[key]!)
        }
        var line = JSONValue.object(object).serialized()
        line.append(UInt8(ascii: "\n"))
        sink(line)
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let dictionary):
            .object(JSONObject(dictionary.keys.sorted().map { ($0, json(dictionary[$0]!)) }))
        }
    }
}

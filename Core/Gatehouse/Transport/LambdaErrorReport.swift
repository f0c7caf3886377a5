/// An error reported to the Runtime API (`/error`, `/init/error`): `{"errorMessage","errorType"}`.
/// The message is the caller's to keep free of secrets; Gatehouse's never hold one.
public struct LambdaErrorReport: Sendable, Equatable {
    /// A short type, e.g. `Gatehouse.InvalidEvent` or `Runtime.ConfigurationError`.
    public var type: String
    /// What went wrong.
    public var message: String

    /// A report.
    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// The JSON document the Runtime API expects.
    public var json: [UInt8] {
        JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).serialized()
    }
}

/// Why a Runtime API call failed.
public struct LambdaRuntimeError: Error, Equatable, CustomStringConvertible {
    /// How the loop reacts.
    public enum Kind: Sendable, Equatable {
        /// The connection failed or closed, or the API answered 5xx: try again after a pause.
        case transient
        /// The API refused this call (4xx): do not repeat it.
        case rejected(status: Int)
    }

    /// How the loop reacts.
    public let kind: Kind
    /// What happened, for logs (never a body).
    public let description: String

    /// A failure worth retrying.
    public static func transient(_ description: String) -> LambdaRuntimeError {
        LambdaRuntimeError(kind: .transient, description: description)
    }

    /// A refusal by the API.
    public static func rejected(status: Int, _ description: String) -> LambdaRuntimeError {
        LambdaRuntimeError(kind: .rejected(status: status), description: description)
    }
}

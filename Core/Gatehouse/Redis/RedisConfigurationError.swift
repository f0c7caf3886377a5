/// Why a Redis URL was refused. The description names the problem and never holds the password.
public struct RedisConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, for code that reacts to it.
    public enum Reason: Sendable, Equatable {
        case empty
        case unsupportedScheme
        case missingHost
        case invalidPort
        case invalidDatabase
        case invalidCredentials
        case missingSocketPath
        case unsupportedParameter
        case invalidTimeout
        case invalidMasterName
    }

    /// The kind of problem.
    public let reason: Reason
    /// One sentence naming what is wrong; safe to log and to show to an operator.
    public let description: String

    init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}

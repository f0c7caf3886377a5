/// A configuration variable that is missing or invalid; the description names the variable and
/// the problem, never the value (it may be a secret).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The variable at fault, e.g. `GATEHOUSE_TOKEN_TTL`.
    public let variable: String
    /// What is wrong with it.
    public let problem: String

    /// An error naming a variable.
    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "invalid configuration: \(variable): \(problem)" }
}

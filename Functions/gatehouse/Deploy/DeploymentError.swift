/// Why the catalog cannot be rendered into deployment files; nothing is written when one is thrown.
public struct DeploymentError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, naming the route, function or variable.
    public let description: String

    /// An error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

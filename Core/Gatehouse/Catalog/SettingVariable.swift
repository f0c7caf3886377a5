/// One `GATEHOUSE_*` variable as the catalog describes it to deployment files and the README.
public struct SettingVariable: Sendable, Equatable {
    /// The variable, e.g. `GATEHOUSE_REDIS_URL`.
    public let name: String
    /// Whether it holds a secret: it may then come from `NAME_FILE`, and deployment files pass it
    /// by reference (a mounted file or a secret store), never as a literal.
    public let isSecret: Bool
    /// Whether every deployment file gives it to the functions that read its group.
    public let isDeployed: Bool
    /// What it is, in a few words.
    public let summary: String

    /// A variable.
    public init(_ name: String, secret: Bool = false, deployed: Bool = false, _ summary: String) {
        self.name = name
        self.isSecret = secret
        self.isDeployed = deployed
        self.summary = summary
    }
}

/// One `GATEHOUSE_*` variable as the catalog describes it to deployment files and the README.
public struct SettingVariable: Sendable, Equatable {
    /// The variable, e.g. `GATEHOUSE_REDIS_URL`.
    public let name: String
    /// Whether it holds a secret: it may then come from `NAME_FILE`, and deployment files pass it
    /// by reference (a mounted file or a secret store), never as a literal.
    public let isSecret: Bool
    /// Whether every deployment file gives it to the functions that read its group.
    public let isDeployed: Bool
    /// Whether a function reading its group refuses to start without it (SPEC §9); every deployment
    /// file must then give it (``isDeployed``).
    public let isRequired: Bool
    /// The value deployment files show for a deployed setting that is not a secret (a site edits it).
    public let example: String?
    /// What it is, in a few words.
    public let summary: String

    /// A variable.
    public init(
        _ name: String, secret: Bool = false, deployed: Bool = false, required: Bool = false, example: String? = nil,
        _ summary: String
    ) {
        self.name = name
        self.isSecret = secret
        self.isDeployed = deployed
        self.isRequired = required
        self.example = example
        self.summary = summary
    }
}

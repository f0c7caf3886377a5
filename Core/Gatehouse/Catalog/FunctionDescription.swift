/// One function family as the catalog describes it: what it does and which settings it reads.
public struct FunctionDescription: Sendable {
    /// The executable.
    public let name: FunctionName
    /// What it does, in one line (README, OpenAPI tags, deployment comments).
    public let summary: String
    /// The setting groups it parses; ``SettingGroup/common`` is always among them.
    public let settings: [SettingGroup]
    /// Whether it builds the private keys of ``SettingGroup/signingKeys`` (checking each against its
    /// public half at start-up) or only reads their public halves (``PublishedKeySet``): a function
    /// that publishes keys and signs nothing needs no key built.
    public let readsPrivateKeys: Bool

    /// A function description; `common` is added to `settings`.
    public init(_ name: FunctionName, _ summary: String, settings: [SettingGroup], readsPrivateKeys: Bool = true) {
        self.name = name
        self.summary = summary
        self.settings = [.common] + settings.filter { $0 != .common }
        self.readsPrivateKeys = readsPrivateKeys
    }

    /// The variables every deployment of this function is given, in catalog order.
    public var deployedVariables: [SettingVariable] {
        settings.flatMap(\.variables).filter(\.isDeployed)
    }
}

/// One function family as the catalog describes it: what it does and which settings it reads.
public struct FunctionDescription: Sendable {
    /// The executable.
    public let name: FunctionName
    /// What it does, in one line (README, OpenAPI tags, deployment comments).
    public let summary: String
    /// The setting groups it parses; ``SettingGroup/common`` is always among them.
    public let settings: [SettingGroup]
    /// What it does with the keys of ``SettingGroup/signingKeys``, which decides what it builds of
    /// them at start-up.
    public let keyUse: KeyUse

    /// What a function does with the signing keys.
    public enum KeyUse: Int, Sendable, Comparable {
        /// Publishes their public halves and nothing else: no key is built (``PublishedKeySet``).
        case publish
        /// Verifies tokens: the public keys are built from `x`/`y` (``VerificationKeySet``).
        case verify
        /// Signs (and verifies): every private key is built and checked against its public half.
        case sign

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A function description; `common` is added to `settings`.
    public init(_ name: FunctionName, _ summary: String, settings: [SettingGroup], keyUse: KeyUse = .sign) {
        self.name = name
        self.summary = summary
        self.settings = [.common] + settings.filter { $0 != .common }
        self.keyUse = keyUse
    }

    /// The variables every deployment of this function is given, in catalog order.
    public var deployedVariables: [SettingVariable] {
        settings.flatMap(\.variables).filter(\.isDeployed)
    }
}

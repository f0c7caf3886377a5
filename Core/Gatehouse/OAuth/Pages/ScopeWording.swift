/// Scopes in plain words, as the consent page shows them ("See your data", "Manage API keys").
enum ScopeWording {
    /// Scopes with words of their own.
    static let named: [(scope: String, words: String)] = [
        ("*", "Do anything you can do in this workspace"),
        ("*:read", "See your data (everything but the audit log)"),
        ("*:write", "Create and change your data"),
        ("*:manage", "Manage everything you can manage"),
        ("data:read", "See your data"),
        ("data:write", "Create and change your data"),
        ("keys:read", "See your API keys"),
        ("keys:manage", "Manage API keys"),
        ("users:read", "See the workspace's users"),
        ("users:manage", "Manage users and their roles"),
        ("audit:read", "Read the audit log"),
        ("agents:read", "See your agents"),
        ("agents:manage", "Manage agents and their keys"),
        ("apps:read", "See your apps"),
        ("apps:write", "Create and change apps"),
    ]

    /// The words for a scope.
    static func words(_ scope: Scope) -> String {
        if let entry = named.first(where: { $0.scope == scope.description }) { return entry.words }
        let thing = scope.resource == "*" ? "everything" : scope.resource.replacing("_", with: " ")
        let yours = scope.resource == "*" ? thing : "your " + thing
        switch scope.action {
        case "read": return "See " + yours
        case "write": return "Create and change " + yours
        case "manage": return "Manage " + yours
        case "delete": return "Delete " + yours
        case "*": return "Full access to " + yours
        default: return scope.action.prefix(1).uppercased() + scope.action.dropFirst() + " " + yours
        }
    }
}

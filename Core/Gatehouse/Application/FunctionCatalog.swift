/// Every function family and its routes: what the local server serves and what the README's
/// route table lists.
public enum FunctionCatalog {
    /// The functions in this build, by executable name.
    public static let functions: [(name: String, routes: RouteTable)] = [
        ("signin", SigninRoutes.table),
        ("jwks", DiscoveryRoutes.table),
        ("otp", OTPRoutes.table),
        ("refresh", RefreshRoutes.table),
        ("proof", ProofRoutes.table),
        ("keys", KeyRoutes.table),
        ("rotate", RotateRoutes.table),
        ("verify", VerifyRoutes.table),
    ]

    /// All routes of all functions.
    public static var allRoutes: RouteTable { RouteTable(merging: functions.map(\.routes)) }
}

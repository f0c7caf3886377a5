/// The handlers of every function, for the processes that serve all of them (`gatehouse-server`,
/// the warm benchmark). A function executable names only its own handlers, so it never needs this.
public enum FunctionCatalog {
    /// The handlers a function serves its catalog routes with.
    public static func handlers(of function: FunctionName) -> RouteHandlers {
        switch function {
        case .signin: SigninRoutes.handlers
        case .otp: OTPRoutes.handlers
        case .refresh: RefreshRoutes.handlers
        case .rotate: RotateRoutes.handlers
        case .proof: ProofRoutes.handlers
        case .keys: KeyRoutes.handlers.merging(AuditRoutes.handlers)
        case .verify: VerifyRoutes.handlers
        case .jwks: DiscoveryRoutes.handlers
        case .oauth: OAuthRoutes.handlers
        case .console: ConsoleRoutes.handlers
        }
    }

    /// The route table of one function.
    public static func table(of function: FunctionName) -> RouteTable {
        RouteTable(functions: [function], handlers: handlers(of: function))
    }

    /// Every route of every function.
    public static var allRoutes: RouteTable {
        let handlers = FunctionName.allCases.reduce(RouteHandlers()) { all, function in
            all.merging(Self.handlers(of: function))
        }
        return RouteTable(functions: FunctionName.allCases, handlers: handlers)
    }
}

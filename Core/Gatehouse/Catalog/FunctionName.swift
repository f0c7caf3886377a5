/// The function families of SPEC §1, one executable each. A public URL belongs to exactly one of
/// them (``RouteCatalog`` says which).
public enum FunctionName: String, CaseIterable, Sendable, Comparable {
    case signin, otp, refresh, rotate, proof, keys, verify, jwks, oauth, console

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

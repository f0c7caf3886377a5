/// The version of this Gatehouse build, printed by `gatehouse --version`.
public enum GatehouseVersion {
    /// Semantic version of the release.
    public static let current = "0.12.0"
}

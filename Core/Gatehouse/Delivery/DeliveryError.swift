public import Logging

/// A delivery that did not happen; the message is safe to log and to show (no code, no secret).
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

public import Logging

/// One code to deliver.
public struct OTPMessage: Sendable {
    /// The E.164 number.
    public let phone: String
    /// The code itself: never log it.
    public let code: String
    /// Seconds it stays valid.
    public let expiresIn: Int
    /// The text a person reads.
    public var text: String { "Your sign-in code is \(code). It expires in \(max(1, expiresIn / 60)) minutes." }
}

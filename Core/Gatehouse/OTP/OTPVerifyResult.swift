/// What the verify script decided for one presented code.
public enum OTPVerifyResult: Sendable, Equatable {
    /// OTP login for the number is locked; milliseconds left.
    case locked(Int64)
    /// No live code, an expired one, or a wrong one (counted); the three look the same outside.
    case failed
    /// The code was right and is now spent.
    case verified(PhoneOwner)
}

/// What the send script decided for one number.
public enum OTPSendResult: Sendable, Equatable {
    /// OTP login for the number is locked; milliseconds left.
    case locked(Int64)
    /// A code was sent less than the cooldown ago; milliseconds left.
    case cooldown(Int64)
    /// The hourly send limit is used up; milliseconds until the window ends.
    case hourlyLimit(Int64)
    /// Nobody has this number: nothing was stored, nothing is to be sent.
    case unknownPhone
    /// The code's HMAC is stored for this owner; deliver it.
    case stored(PhoneOwner)
}

/// OTP login settings (SPEC §4 otp).
public struct OTPSettings: Sendable, Equatable {
    /// The limits; the code lifetime comes from `GATEHOUSE_OTP_TTL`.
    public var limits: OTPLimits
    /// The calling code put in front of national numbers (`GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE`).
    public var defaultCountryCode: String
    /// How codes are delivered (`GATEHOUSE_OTP_SENDER`); nil when not configured.
    public var sender: OTPSenderConfiguration?
}

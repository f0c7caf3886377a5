/// The Redis keys of one phone number's OTP state, all under the hash tag `{p:<E.164>}` so each
/// OTP step is one script on one cluster node.
///
/// ```
/// gh:{p:<phone>}:owner     STRING  PhoneOwner (the global phone index)
/// gh:{p:<phone>}:otp       HASH    the live code: h (HMAC), exp (ms), tries
/// gh:{p:<phone>}:cooldown  STRING  present while a resend must wait
/// gh:{p:<phone>}:sends     HASH    rate-limit window of sends per hour
/// gh:{p:<phone>}:fail      STRING  consecutive failed verifications
/// gh:{p:<phone>}:lock      STRING  present while OTP login is locked
/// ```
public struct PhoneKeys: Sendable {
    /// The E.164 number.
    public let phone: String
    /// `gh:{p:<phone>}:`.
    public let prefix: String

    /// The keys of a number, which must be E.164.
    public init(_ phone: String) {
        self.phone = phone
        prefix = "gh:{p:\(phone)}:"
    }

    public var owner: String { prefix + "owner" }
}

/// A compact JWS whose structure, protected header and signature have been checked.
struct VerifiedJWS {
    /// The protected header.
    let header: JSONObject
    /// The decoded payload, not yet interpreted.
    let payload: [UInt8]
    /// The key that verified the signature.
    let key: VerificationKey
}

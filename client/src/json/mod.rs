//! The JSON forms of the chain's types, shared by the node's `depin_*` RPC and its clients:
//! text forms of single values ([`text`]), device-signed proofs as the RPC takes them
//! ([`proofs`]), and the RPC's replies ([`replies`]). `docs/rpc.md` is the reference.

pub mod proofs;
pub mod replies;
pub mod text;

//! Talking to depin-node from outside.
//!
//! - [`json`]: the JSON forms of the chain's types, which the node's `depin_*` RPC speaks and
//!   its clients read back typed.
//! - [`rpc`]: the `depin_*` interface, served by the node and called by clients.
//! - [`interface`] and [`chain`]: the chain's calls and events generated from its metadata, and
//!   a connection that signs owner transactions with them.
//! - [`cli`]: the operator commands `depin-node device …` and `depin-node rewards …`.

#![deny(missing_docs)]

pub mod chain;
pub mod cli;
pub mod interface;
pub mod json;
pub mod rpc;

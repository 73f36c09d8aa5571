//! # Makers
//!
//! The manufacturers that vouch for DePIN hardware. A device kind that earns rewards registers
//! only with a certificate from an active maker (`docs/makers.md`): the maker key's signature
//! over the chain, the device key, its kind, batch, serial and rated capability. A maker is
//! accountable for what it certifies: its bond is held, governance can suspend, revoke and
//! slash it, and it can recall its own batches.
//!
//! - A prospective maker proposes itself with a bond ([`Pallet::propose_maker`]);
//!   [`Config::AdminOrigin`] approves it with its terms (kinds, quota, onboarding fee), changes
//!   them, suspends, revokes, reinstates and slashes it.
//! - The maker adds, retires and revokes its keys, and recalls and restores batches.
//! - Revocation acts without sweeps: every device record keeps its maker, key index and
//!   batch, and [`Certifier::revocation`](depin_primitives::maker::Certifier::revocation) reads the maker's one record to tell whether the
//!   maker, the key or the batch was revoked since, so proof-of-coverage refuses the device's
//!   proofs at authorization. Reinstating undoes it the same way.
//! - [`Config::AdminOrigin`] registers X.509 root certificates for a maker
//!   ([`Pallet::register_x509_root`]): a device whose secure element carries a chain under one
//!   registers with it (`docs/makers.md`, "X.509 chains"). The root's key becomes one of the
//!   maker's keys, retired and revoked as the others.
//! - [`Config::AdminOrigin`] marks kinds open (registering without certificate), for test
//!   networks.
//!
//! The registry (pallet-devices) calls this pallet through
//! [`depin_primitives::maker::Certifier`].

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_batches;
mod impl_certify;
mod impl_keys;
mod impl_makers;
mod impl_x509;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use depin_primitives::{
		maker::{BatchId, Capability, KindSet, MakerId, MakerKey},
		x509::{CertificateDer, RootId},
		DeviceKind,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Credit},
			OnUnbalanced, UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency bonds are held in and onboarding fees are paid in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::BalancedHold<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where onboarding fees and slashed bonds go.
		type Treasury: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// The chain's clock, for certificate expiry.
		type UnixTime: UnixTime;

		/// The least bond a maker may propose itself with.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// Approves, changes, suspends, revokes, reinstates and slashes makers, reinstates
		/// their keys and sets the open kinds.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;

		/// Sets the chain's clock for the benchmarks, which verify certificates by date.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Sets [`Config::UnixTime`] to `secs`.
		fn set_unix_time(secs: u64);
	}

	/// For the runtimes that do not run this pallet's benchmarks (other pallets' mocks): sets
	/// nothing.
	#[cfg(feature = "runtime-benchmarks")]
	impl BenchmarkHelper for () {
		fn set_unix_time(_secs: u64) {}
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A maker's bond, held from its account.
		#[codec(index = 0)]
		MakerBond,
	}

	/// Makers by number.
	#[pallet::storage]
	pub type Makers<T: Config> = StorageMap<_, Twox64Concat, MakerId, MakerInfoOf<T>>;

	/// The number the next proposed maker gets.
	#[pallet::storage]
	pub type NextMakerId<T: Config> = StorageValue<_, MakerId, ValueQuery>;

	/// The device kinds that register without a certificate: for test networks. Their devices
	/// earn rewards as certified ones do; a kind taken off the set stops its uncertified
	/// devices' proofs.
	#[pallet::storage]
	pub type OpenKinds<T: Config> = StorageValue<_, KindSet, ValueQuery>;

	/// The X.509 root certificates governance registered, by fingerprint (SHA-256 of the
	/// DER): the maker each certifies for, what the chain checks a signer with, and the kind
	/// and capability of the devices under it.
	#[pallet::storage]
	pub type X509Roots<T: Config> = StorageMap<_, Blake2_128Concat, RootId, X509RootInfo>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Makers the chain starts with, numbered from 0 in this order.
		pub makers: Vec<GenesisMaker<T::AccountId, BalanceOf<T>>>,
		/// Kinds that register without a certificate.
		pub open_kinds: Vec<depin_primitives::DeviceKind>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for maker in &self.makers {
				Pallet::<T>::insert_genesis_maker(maker);
			}
			OpenKinds::<T>::put(KindSet::of(&self.open_kinds));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account proposed itself as a maker; its bond is held.
		MakerProposed {
			/// The maker's number.
			maker: MakerId,
			/// Its account.
			account: T::AccountId,
			/// The bond held.
			bond: BalanceOf<T>,
		},
		/// A proposed maker withdrew before approval; its bond was released.
		ProposalWithdrawn {
			/// The maker's number.
			maker: MakerId,
		},
		/// Governance approved a maker with its terms.
		MakerApproved {
			/// The maker's number.
			maker: MakerId,
			/// Its terms.
			terms: MakerTerms<BalanceOf<T>>,
		},
		/// Governance changed a maker's terms.
		MakerTermsChanged {
			/// The maker's number.
			maker: MakerId,
			/// The new terms.
			terms: MakerTerms<BalanceOf<T>>,
		},
		/// Governance suspended a maker: it certifies no new device.
		MakerSuspended {
			/// The maker's number.
			maker: MakerId,
		},
		/// Governance revoked a maker: the proofs of every device it certified are invalid.
		MakerRevoked {
			/// The maker's number.
			maker: MakerId,
		},
		/// Governance made a suspended or revoked maker active again.
		MakerReinstated {
			/// The maker's number.
			maker: MakerId,
		},
		/// Governance slashed part of a maker's bond to the treasury.
		MakerSlashed {
			/// The maker's number.
			maker: MakerId,
			/// The amount slashed.
			amount: BalanceOf<T>,
		},
		/// A maker added a signing key.
		MakerKeyAdded {
			/// The maker's number.
			maker: MakerId,
			/// The key.
			key: MakerKey,
			/// Its index, which device records name.
			index: u8,
		},
		/// A maker retired a key: it certifies no new device.
		MakerKeyRetired {
			/// The maker's number.
			maker: MakerId,
			/// The key.
			key: MakerKey,
		},
		/// A maker revoked a key: the proofs of every device it certified are invalid.
		MakerKeyRevoked {
			/// The maker's number.
			maker: MakerId,
			/// The key.
			key: MakerKey,
		},
		/// Governance made a revoked key active again.
		MakerKeyReinstated {
			/// The maker's number.
			maker: MakerId,
			/// The key.
			key: MakerKey,
		},
		/// A maker recalled a batch: the proofs of every device in it are invalid.
		BatchRecalled {
			/// The maker's number.
			maker: MakerId,
			/// The batch.
			batch: BatchId,
		},
		/// A maker restored a recalled batch.
		BatchRestored {
			/// The maker's number.
			maker: MakerId,
			/// The batch.
			batch: BatchId,
		},
		/// Governance changed the kinds that register without a certificate.
		OpenKindsChanged {
			/// The open kinds.
			kinds: KindSet,
		},
		/// Governance registered an X.509 root certificate for a maker.
		X509RootRegistered {
			/// The maker's number.
			maker: MakerId,
			/// The root's fingerprint.
			root: RootId,
			/// The index of the root's key among the maker's keys.
			index: u8,
			/// The kind of the devices under it.
			kind: DeviceKind,
			/// Their capability.
			capability: Capability,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No maker has this number.
		UnknownMaker,
		/// The caller is not the maker's account.
		NotMakerAccount,
		/// The bond is below `MinBond`.
		BondTooLow,
		/// The proposer cannot afford the bond.
		InsufficientBalanceForBond,
		/// The maker is not waiting for approval.
		MakerNotProposed,
		/// The maker is still waiting for approval.
		MakerStillProposed,
		/// The maker is not active: it certifies no new device.
		MakerNotActive,
		/// The maker is revoked: it can no longer change its keys or batches.
		MakerIsRevoked,
		/// The maker already has this status.
		StatusUnchanged,
		/// A maker can be set active, suspended or revoked, not back to proposed.
		CannotSetProposed,
		/// The terms name a kind that does not exist.
		InvalidKinds,
		/// The slash is larger than the maker's bond.
		SlashExceedsBond,
		/// The maker already has `MAX_MAKER_KEYS` keys.
		TooManyKeys,
		/// The maker already has this key.
		KeyAlreadyAdded,
		/// The maker has no such key.
		UnknownMakerKey,
		/// The key is retired: it certifies no new device.
		MakerKeyRetired,
		/// The key is revoked.
		MakerKeyRevoked,
		/// The key is not active.
		MakerKeyNotActive,
		/// The key is not revoked.
		MakerKeyNotRevoked,
		/// The batch is recalled.
		BatchRecalled,
		/// The batch is not recalled.
		BatchNotRecalled,
		/// The maker already has `MAX_RECALLED_BATCHES` recalled batches.
		TooManyRecalledBatches,
		/// The device's kind needs a certificate.
		CertificateRequired,
		/// The certificate is for another chain (its genesis hash differs).
		CertificateForAnotherChain,
		/// The certificate is for another device key.
		CertificateForAnotherDevice,
		/// The certificate is for another device kind.
		CertificateForAnotherKind,
		/// The maker may not certify this kind.
		KindNotAllowed,
		/// The capability does not fit the kind (energy devices are rated in watts, compute
		/// devices by hardware class, other kinds are unrated).
		CapabilityMismatch,
		/// The certificate's expiry has passed.
		CertificateExpired,
		/// The certificate's signature is not the named maker key's signature of the
		/// certificate message.
		BadCertificateSignature,
		/// The maker has certified as many devices as its quota allows.
		QuotaExhausted,
		/// The device's owner cannot afford the onboarding fee.
		InsufficientBalanceForFee,
		/// No X.509 root is registered with this fingerprint.
		UnknownRoot,
		/// An X.509 root with this fingerprint is registered already.
		RootAlreadyRegistered,
		/// A certificate is not DER-encoded X.509, or repeats an extension.
		MalformedDer,
		/// The chain has more certificates than the device's and its signer's.
		ChainTooLong,
		/// The chain lacks the device's or the signer's certificate.
		ChainTooShort,
		/// A certificate is not X.509 version 3.
		CertificateNotVersion3,
		/// A certificate is not signed with ECDSA and SHA-256.
		UnsupportedSignatureAlgorithm,
		/// A certificate's key is not a P-256 key.
		UnsupportedCertificateKey,
		/// A certificate's issuer is not the subject of the certificate above it.
		CertificateIssuerMismatch,
		/// A certificate is not valid yet at the chain's time.
		CertificateNotYetValid,
		/// The signer or root is not a certificate authority that may sign certificates.
		NotCertificateAuthority,
		/// The root's path length constraint allows no signer under it.
		RootAllowsNoSigner,
		/// The device certificate is a certificate authority's.
		DeviceIsCertificateAuthority,
		/// The device certificate's key usage does not allow signatures.
		KeyUsageForbidsSigning,
		/// A certificate has a critical extension the chain does not process.
		UnsupportedCriticalExtension,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose the caller as a maker named `name`, holding `bond` (at least `MinBond`)
		/// until governance decides.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose_maker())]
		pub fn propose_maker(
			origin: OriginFor<T>,
			name: MakerName,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_propose_maker(account, name, bond)
		}

		/// Withdraw the caller's proposal before approval; releases the bond.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_proposal())]
		pub fn withdraw_proposal(origin: OriginFor<T>, maker: MakerId) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_withdraw_proposal(account, maker)
		}

		/// Approve a proposed maker with its terms; it becomes active.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve_maker())]
		pub fn approve_maker(
			origin: OriginFor<T>,
			maker: MakerId,
			terms: MakerTerms<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_approve_maker(maker, terms)
		}

		/// Change an approved maker's terms. A lower quota stops new certificates; none is
		/// undone.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_maker_terms())]
		pub fn set_maker_terms(
			origin: OriginFor<T>,
			maker: MakerId,
			terms: MakerTerms<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_maker_terms(maker, terms)
		}

		/// Suspend (`Suspended`), revoke (`Revoked`) or reinstate (`Active`) an approved maker.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_maker_status())]
		pub fn set_maker_status(
			origin: OriginFor<T>,
			maker: MakerId,
			status: MakerStatus,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_maker_status(maker, status)
		}

		/// Slash `amount` of a maker's bond to the treasury.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::slash_maker())]
		pub fn slash_maker(
			origin: OriginFor<T>,
			maker: MakerId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_slash_maker(maker, amount)
		}

		/// Add a signing key to the caller's maker.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::add_maker_key())]
		pub fn add_maker_key(
			origin: OriginFor<T>,
			maker: MakerId,
			key: MakerKey,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_add_maker_key(account, maker, key)
		}

		/// Retire one of the caller's maker keys: it certifies no new device, and the devices
		/// it certified stay valid.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::change_maker_key())]
		pub fn retire_maker_key(
			origin: OriginFor<T>,
			maker: MakerId,
			key: MakerKey,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_retire_maker_key(account, maker, key)
		}

		/// Revoke one of the caller's maker keys: the proofs of every device it certified are
		/// invalid from now on. Only governance reinstates it.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::change_maker_key())]
		pub fn revoke_maker_key(
			origin: OriginFor<T>,
			maker: MakerId,
			key: MakerKey,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_revoke_maker_key(account, maker, key)
		}

		/// Make a revoked maker key active again.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::change_maker_key())]
		pub fn reinstate_maker_key(
			origin: OriginFor<T>,
			maker: MakerId,
			key: MakerKey,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_reinstate_maker_key(maker, key)
		}

		/// Recall one of the caller's batches: the proofs of every device in it are invalid
		/// until it is restored, and it certifies no new device.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::recall_batch())]
		pub fn recall_batch(
			origin: OriginFor<T>,
			maker: MakerId,
			batch: BatchId,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_recall_batch(account, maker, batch)
		}

		/// Restore one of the caller's recalled batches.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::restore_batch())]
		pub fn restore_batch(
			origin: OriginFor<T>,
			maker: MakerId,
			batch: BatchId,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_restore_batch(account, maker, batch)
		}

		/// Set the kinds that register without a certificate.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_open_kinds())]
		pub fn set_open_kinds(origin: OriginFor<T>, kinds: KindSet) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(kinds.is_valid(), Error::<T>::InvalidKinds);
			OpenKinds::<T>::put(kinds);
			Self::deposit_event(Event::OpenKindsChanged { kinds });
			Ok(())
		}

		/// Register the DER X.509 root certificate `root` for `maker`: devices of `kind` whose
		/// chains end in it register with `capability`. The root's key becomes one of the
		/// maker's keys (or is, already), which the maker retires and revokes as any other.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::register_x509_root())]
		pub fn register_x509_root(
			origin: OriginFor<T>,
			maker: MakerId,
			root: CertificateDer,
			kind: DeviceKind,
			capability: Capability,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_register_x509_root(maker, root, kind, capability)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The current time, in Unix seconds, for certificate validity.
		pub(crate) fn now_secs() -> u64 {
			T::UnixTime::now().as_secs()
		}

		/// The treasury receives `credit`.
		pub(crate) fn to_treasury(credit: Credit<T::AccountId, T::Currency>) {
			T::Treasury::on_unbalanced(credit);
		}
	}
}

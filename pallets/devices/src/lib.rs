//! # Devices
//!
//! The registry of DePIN hardware. A device is identified by its own public key (Ed25519 or
//! ECDSA P-256) and registered by an owner account only with the device's proof of possession:
//! its signature over a message that binds the key to this chain, this owner and this
//! registration (see `docs/signing.md`). Whoever registers first therefore cannot steal a
//! device they do not hold.
//!
//! - [`Pallet::register_device`] holds [`DeviceParams::device_bond`] from the owner
//!   ([`HoldReason::DeviceBond`]) and, unless the kind is open, takes the device's maker
//!   certificate, which [`Config::Certifier`] (pallet-makers) checks; the record keeps the
//!   device's maker, key, batch and capability, so that a later revocation applies to it
//!   without a sweep.
//! - [`Pallet::assert_location`] records an H3 resolution-12 cell, antenna gain and elevation,
//!   charges [`DeviceParams::location_fee`] and is limited per epoch.
//! - [`Pallet::transfer_device`] moves a device and its bond to another owner;
//!   [`Pallet::deregister_device`] settles what the other pallets keep about it
//!   ([`Config::Settlement`]: its unclaimed rewards are paid to the owner that earned them) and
//!   releases the bond.
//! - Sanctions belong to the device key, not to a registration: [`Config::AdminOrigin`]
//!   suspends (proofs refused, rewards frozen) or denies (proofs refused, unclaimed rewards and
//!   [`DeviceParams::denial_slash`] of the bond forfeited) a key, registered or not, with a
//!   reason and an evidence hash; the sanction stays with the key through deregistration and
//!   re-registration by anyone. The owner may [`Pallet::appeal`] with a deposit.
//! - Anyone may [`Pallet::challenge_device`] with a bond and an evidence hash; `AdminOrigin`
//!   upholds the challenge (the device is denied and the challenger rewarded from its slashed
//!   bond) or rejects it (the challenger's bond goes to the treasury).
//! - `AdminOrigin` also keeps the (beaconer, witness) edge deny list and changes
//!   [`DeviceParams`].
//!
//! Proof-of-coverage reads devices through [`depin_primitives::work::DeviceRegistry`], which this
//! pallet implements.
//!
//! The pallet keeps the number of active, located devices of each kind in every H3 cell at the
//! density resolutions 10 down to 4, updated by every call that changes them, so that
//! proof-of-coverage reads densities without any sweep: one entry per resolution-8 cell for
//! resolutions 8 to 10 ([`DevicesInFineCells`]), one per cell at resolutions 7 to 4
//! ([`DevicesInCell`]). There HIP 17 limits a cell by its dense neighbours, so the cell also
//! keeps how many cells of its 1-ring are dense, updated when a cell crosses its target: a
//! location change pays for the ring once, instead of every beacon reading it.
//!
//! The state of a registered device is kept small (`docs/benchmarks.md`): one record keyed by
//! the device, a slot in its owner's paged index, and an isolated device's one fine density
//! entry.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_admin;
mod impl_cells;
mod impl_location;
mod impl_owners;
mod impl_queries;
mod impl_registration;
mod impl_registry;
mod impl_sanctions;
mod impl_transfer;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use depin_primitives::{
		density::CellDensity,
		geo::H3Cell,
		maker::{Certifier, DeviceCertificate},
		work::DeviceSettlement,
		DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, EpochClock, SanctionReason,
		SanctionStatus,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Credit},
			OnUnbalanced,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::{StaticLookup, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency bonds and deposits are held in and location fees are paid in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::BalancedHold<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where location fees, slashed bonds and forfeited deposits go (dropping the credit
		/// burns them).
		type Treasury: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// What the other pallets keep about a device, settled at its deregistration and
		/// forfeited at its denial (pallet-coverage and pallet-rewards).
		type Settlement: DeviceSettlement<BlockNumberFor<Self>>;

		/// The chain's epoch clock, for the per-epoch location-change limit.
		type EpochClock: EpochClock;

		/// Checks device certificates and whether they still hold (pallet-makers).
		type Certifier: Certifier<Self::AccountId>;

		/// The most devices one account may own.
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// The lowest antenna gain a location may assert, in tenths of dBi.
		#[pallet::constant]
		type MinAntennaGain: Get<u16>;

		/// The highest antenna gain a location may assert, in tenths of dBi.
		#[pallet::constant]
		type MaxAntennaGain: Get<u16>;

		/// The lowest antenna elevation a location may assert, in metres.
		#[pallet::constant]
		type MinElevation: Get<i32>;

		/// The highest antenna elevation a location may assert, in metres.
		#[pallet::constant]
		type MaxElevation: Get<i32>;

		/// The most witnesses denied to one beaconer on the edge deny list. Governance denies
		/// a device outright when more of its edges are bad.
		#[pallet::constant]
		type MaxDeniedWitnesses: Get<u32>;

		/// Sets device statuses, keeps the edge deny list and changes the parameters.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a registered device, held from its owner.
		#[codec(index = 0)]
		DeviceBond,
		/// The bond of an open challenge, held from the challenger.
		#[codec(index = 1)]
		ChallengeBond,
		/// The deposit of a pending appeal, held from the appellant.
		#[codec(index = 2)]
		AppealDeposit,
	}

	/// Registered devices by key.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Blake2_128Concat, DeviceKey, DeviceInfoOf<T>>;

	/// Each owner's devices, in pages of [`OWNER_PAGE_SIZE`]: `(owner, page) → devices`. An
	/// owner's devices fill the slots from 0 to [`OwnerDeviceCount`] − 1 without gaps (a
	/// removal moves the owner's last device into the freed slot), and each device's record
	/// holds its slot. Bounded by [`Config::MaxDevicesPerOwner`] per owner.
	#[pallet::storage]
	pub type OwnedDevices<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		OwnerPage,
		ValueQuery,
	>;

	/// How many devices each owner has.
	#[pallet::storage]
	pub type OwnerDeviceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Keys registered before and not registered now: how many times (the nonce of the next
	/// proof of possession, so that an old proof can never be replayed) and from which block
	/// they may come back. Written at deregistration; a registered device keeps the count in
	/// its record ([`DeviceInfo::registrations`]) instead.
	#[pallet::storage]
	pub type Departures<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, Departure<BlockNumberFor<T>>, ValueQuery>;

	/// Sanctions on keys that are not registered now. A registered device keeps its sanction
	/// in its record ([`DeviceInfo::sanction`]), where proof-of-coverage reads it with the
	/// record; deregistration moves it here and registration moves it back, so that a
	/// sanction stays with the key.
	#[pallet::storage]
	pub type KeySanctions<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, SanctionOf<T>, OptionQuery>;

	/// The open challenge against each registered device (at most one). While it is open, the
	/// device can be neither transferred nor deregistered, so the bond it stakes stays within
	/// reach.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, ChallengeOf<T>, OptionQuery>;

	/// Active devices with a location, by kind, in every H3 cell at resolutions 7 down to 4
	/// that contains their location, with the count of dense cells in each cell's 1-ring. A
	/// cell with neither has no entry. Keys are not hashed: a kind and a cell index are 9
	/// bytes of fixed length, so the trie below them stays shallow whatever the cells.
	#[pallet::storage]
	pub type DevicesInCell<T: Config> =
		StorageDoubleMap<_, Identity, DeviceKind, Identity, H3Cell, CellDensity, ValueQuery>;

	/// Active devices with a location, by kind, in every resolution-8 cell that contains their
	/// location and in its children at resolutions 9 and 10, in one entry per resolution-8
	/// cell. A cell without devices has no entry. Keys are not hashed, as in
	/// [`DevicesInCell`].
	#[pallet::storage]
	pub type DevicesInFineCells<T: Config> =
		StorageDoubleMap<_, Identity, DeviceKind, Identity, H3Cell, FineCellCounts, OptionQuery>;

	/// Registered devices by kind and status.
	#[pallet::storage]
	pub type DeviceTally<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceKind, Twox64Concat, DeviceStatus, u32, ValueQuery>;

	/// The edge deny list, by beaconer: witness reports by these devices of the beaconer's
	/// beacons are invalid. Sorted, so that proof-of-coverage reads one entry per receipt and
	/// looks its witnesses up in memory; a beaconer without denied edges has no entry.
	#[pallet::storage]
	pub type DeniedWitnesses<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DeviceKey,
		BoundedVec<DeviceKey, T::MaxDeniedWitnesses>,
		ValueQuery,
	>;

	/// Bond, location fee, location-change limit and the sanctions' economics.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, DeviceParams<BalanceOf<T>>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// See [`DeviceParams::device_bond`].
		pub device_bond: BalanceOf<T>,
		/// See [`DeviceParams::location_fee`].
		pub location_fee: BalanceOf<T>,
		/// See [`DeviceParams::max_location_changes_per_epoch`].
		pub max_location_changes_per_epoch: u32,
		/// See [`DeviceParams::denial_slash`].
		pub denial_slash: sp_runtime::Perbill,
		/// See [`DeviceParams::challenge_reward`].
		pub challenge_reward: sp_runtime::Perbill,
		/// See [`DeviceParams::challenge_bond`].
		pub challenge_bond: BalanceOf<T>,
		/// See [`DeviceParams::appeal_deposit`].
		pub appeal_deposit: BalanceOf<T>,
		/// Devices registered (and located) at genesis, their bonds held from their owners.
		pub devices: Vec<GenesisDevice<T::AccountId>>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				device_bond: Zero::zero(),
				location_fee: Zero::zero(),
				max_location_changes_per_epoch: 1,
				denial_slash: Default::default(),
				challenge_reward: Default::default(),
				challenge_bond: Zero::zero(),
				appeal_deposit: Zero::zero(),
				devices: Vec::new(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = DeviceParams {
				device_bond: self.device_bond,
				location_fee: self.location_fee,
				max_location_changes_per_epoch: self.max_location_changes_per_epoch,
				denial_slash: self.denial_slash,
				challenge_reward: self.challenge_reward,
				challenge_bond: self.challenge_bond,
				appeal_deposit: self.appeal_deposit,
			};
			Pallet::<T>::ensure_valid_params(&params).expect("genesis: invalid device params");
			Params::<T>::put(params);
			for device in &self.devices {
				Pallet::<T>::insert_genesis_device(device);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A device was registered with its proof of possession.
		DeviceRegistered {
			/// The device's key.
			device: DeviceKey,
			/// Its owner.
			owner: T::AccountId,
			/// Its kind.
			kind: DeviceKind,
			/// The bond held from the owner.
			bond: BalanceOf<T>,
		},
		/// A device's location was asserted.
		LocationAsserted {
			/// The device's key.
			device: DeviceKey,
			/// H3 cell at resolution 12.
			cell: H3Cell,
			/// Antenna gain in tenths of dBi.
			gain_dbi_x10: u16,
			/// Antenna elevation in metres.
			elevation_m: i32,
			/// The fee charged.
			fee: BalanceOf<T>,
		},
		/// A device and its bond moved to another owner.
		DeviceTransferred {
			/// The device's key.
			device: DeviceKey,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A device was deregistered and its bond released.
		DeviceDeregistered {
			/// The device's key.
			device: DeviceKey,
			/// Its last owner.
			owner: T::AccountId,
			/// The bond released to the owner.
			bond: BalanceOf<T>,
			/// The first block at which the key may be registered again.
			returns_at: BlockNumberFor<T>,
		},
		/// A device key was suspended or denied.
		DeviceSanctioned {
			/// The device's key.
			device: DeviceKey,
			/// How hard the sanction bites.
			status: SanctionStatus,
			/// Why.
			reason: SanctionReason,
			/// The hash of the evidence.
			evidence: H256,
			/// The part of its bond slashed (at a denial of a registered device).
			slashed: BalanceOf<T>,
		},
		/// A device key's sanction was lifted.
		SanctionLifted {
			/// The device's key.
			device: DeviceKey,
		},
		/// An owner appealed its device's sanction.
		SanctionAppealed {
			/// The device's key.
			device: DeviceKey,
			/// The owner, from whom the deposit is held.
			appellant: T::AccountId,
			/// The deposit.
			deposit: BalanceOf<T>,
		},
		/// `AdminOrigin` refused an appeal: the sanction stands and the deposit went to the
		/// treasury. (A granted appeal lifts the sanction: [`Event::SanctionLifted`].)
		AppealRefused {
			/// The device's key.
			device: DeviceKey,
			/// The deposit forfeited.
			deposit: BalanceOf<T>,
		},
		/// Somebody challenged a device.
		DeviceChallenged {
			/// The device's key.
			device: DeviceKey,
			/// The challenger, from whom the bond is held.
			challenger: T::AccountId,
			/// The fraud claimed.
			reason: SanctionReason,
			/// The hash of the evidence.
			evidence: H256,
			/// The bond.
			bond: BalanceOf<T>,
		},
		/// `AdminOrigin` upheld a challenge: the device was denied and the challenger got its
		/// bond back and a reward from the device's slashed bond.
		ChallengeUpheld {
			/// The device's key.
			device: DeviceKey,
			/// The challenger.
			challenger: T::AccountId,
			/// The reward paid to the challenger.
			reward: BalanceOf<T>,
		},
		/// `AdminOrigin` rejected a challenge: the challenger's bond went to the treasury.
		ChallengeRejected {
			/// The device's key.
			device: DeviceKey,
			/// The challenger.
			challenger: T::AccountId,
			/// The bond forfeited.
			bond: BalanceOf<T>,
		},
		/// Witness reports by `witness` of beacons by `beaconer` are now invalid.
		EdgeDenied {
			/// The beaconing device.
			beaconer: DeviceKey,
			/// The witnessing device.
			witness: DeviceKey,
		},
		/// An edge was removed from the deny list.
		EdgeAllowed {
			/// The beaconing device.
			beaconer: DeviceKey,
			/// The witnessing device.
			witness: DeviceKey,
		},
		/// Governance changed the parameters.
		ParamsChanged {
			/// The new parameters.
			params: DeviceParams<BalanceOf<T>>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device is registered with this key.
		UnknownDevice,
		/// The caller does not own the device.
		NotOwner,
		/// The proof of possession is not the device's signature of the registration message.
		BadProof,
		/// A device with this key is already registered.
		KeyAlreadyRegistered,
		/// The location is not a valid H3 cell index.
		InvalidCell,
		/// The location is a valid H3 cell but not at resolution 12.
		WrongResolution,
		/// The antenna gain is outside `MinAntennaGain..=MaxAntennaGain`.
		GainOutOfRange,
		/// The elevation is outside `MinElevation..=MaxElevation`.
		ElevationOutOfRange,
		/// The owner already has `MaxDevicesPerOwner` devices.
		TooManyDevices,
		/// The device already asserted its location `max_location_changes_per_epoch` times in
		/// this epoch.
		TooManyLocationChanges,
		/// The owner cannot afford the device bond.
		InsufficientBalanceForBond,
		/// The owner cannot afford the location fee.
		InsufficientBalanceForFee,
		/// The device is denied: it cannot be transferred, located or challenged.
		DeviceDenied,
		/// The device already belongs to the destination account.
		TransferToSelf,
		/// The destination account cannot receive the bond on hold: it does not exist, and a
		/// held bond cannot create an account.
		CannotReceiveBond,
		/// The key already has this sanction.
		SanctionUnchanged,
		/// The key has no sanction to lift.
		NotSanctioned,
		/// An appeal needs a sanction to appeal against.
		AppealWithoutSanction,
		/// The sanction already has a pending appeal.
		AppealAlreadyOpen,
		/// The sanction has no pending appeal to decide.
		NoAppeal,
		/// The appellant cannot afford the appeal deposit.
		InsufficientBalanceForDeposit,
		/// The device already has an open challenge.
		ChallengeAlreadyOpen,
		/// The device has no open challenge.
		NoChallenge,
		/// An owner cannot challenge its own device.
		ChallengeOfOwnDevice,
		/// The challenger cannot afford the challenge bond.
		InsufficientBalanceForChallengeBond,
		/// The device has an open challenge: it cannot be transferred or deregistered until
		/// `AdminOrigin` decides it.
		ChallengePending,
		/// The device's sanction has a pending appeal: it cannot be deregistered until
		/// `AdminOrigin` decides it.
		AppealPending,
		/// The key was deregistered too recently: a limit of its last registration still
		/// binds it (see `Departures`).
		ReturnTooEarly,
		/// An edge from a device to itself; self-witnessing is always invalid.
		SelfEdge,
		/// The edge is already on the deny list.
		EdgeAlreadyDenied,
		/// The edge is not on the deny list.
		EdgeNotDenied,
		/// The beaconer already has `MaxDeniedWitnesses` denied edges.
		TooManyDeniedWitnesses,
		/// `max_location_changes_per_epoch` must be at least 1.
		ZeroLocationChanges,
		/// The device's kind is not open: it registers only with its maker's certificate.
		CertificateRequired,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxDevicesPerOwner::get() >= 1, "MaxDevicesPerOwner must be at least 1");
			assert!(
				T::MinAntennaGain::get() <= T::MaxAntennaGain::get(),
				"MinAntennaGain must not exceed MaxAntennaGain"
			);
			assert!(
				T::MinElevation::get() <= T::MaxElevation::get(),
				"MinElevation must not exceed MaxElevation"
			);
			assert!(T::MaxDeniedWitnesses::get() >= 1, "MaxDeniedWitnesses must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register `device`, owned by the caller, with the device's proof of possession
		/// (its signature of the registration message) and, unless `kind` is open, its maker's
		/// `certificate` (`docs/signing.md`). Holds the device bond from the caller, who pays
		/// the maker's onboarding fee at the key's first registration.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::register_device_weight(device, certificate.as_deref()))]
		pub fn register_device(
			origin: OriginFor<T>,
			device: DeviceKey,
			kind: DeviceKind,
			proof: DeviceSignature,
			certificate: Option<Box<DeviceCertificate>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(owner, device, kind, proof, certificate.map(|boxed| *boxed))
		}

		/// Assert where the caller's `device` is: an H3 cell at resolution 12, the antenna gain
		/// in tenths of dBi and the elevation in metres. Charges the location fee.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::assert_location())]
		pub fn assert_location(
			origin: OriginFor<T>,
			device: DeviceKey,
			cell: H3Cell,
			gain_dbi_x10: u16,
			elevation_m: i32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_assert_location(owner, device, cell, gain_dbi_x10, elevation_m)
		}

		/// Give the caller's `device` to `new_owner`; the bond moves with it, held from the
		/// new owner.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::transfer_device())]
		pub fn transfer_device(
			origin: OriginFor<T>,
			device: DeviceKey,
			new_owner: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let new_owner = T::Lookup::lookup(new_owner)?;
			Self::do_transfer_device(owner, device, new_owner)
		}

		/// Deregister the caller's `device`: pay its unclaimed rewards to the caller (forfeit
		/// them if it is sanctioned), remove what the chain kept about it and release its bond.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::deregister_device()
			.saturating_add(T::Settlement::settle_departure_weight()))]
		pub fn deregister_device(
			origin: OriginFor<T>,
			device: DeviceKey,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_deregister_device(owner, device)
		}

		/// Suspend or deny the key `device`, registered or not, for `reason`, with the hash of
		/// the published `evidence`. Denying a registered device forfeits its unclaimed rewards
		/// and slashes `denial_slash` of its bond to the treasury.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::sanction_device()
			.saturating_add(T::Settlement::forfeit_weight()))]
		pub fn sanction_device(
			origin: OriginFor<T>,
			device: DeviceKey,
			status: SanctionStatus,
			reason: SanctionReason,
			evidence: H256,
		) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_sanction_device(device, status, reason, evidence)
		}

		/// Put the (`beaconer`, `witness`) edge on the deny list. Either key may be
		/// unregistered.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::deny_edge())]
		pub fn deny_edge(
			origin: OriginFor<T>,
			beaconer: DeviceKey,
			witness: DeviceKey,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_deny_edge(beaconer, witness)
		}

		/// Take the (`beaconer`, `witness`) edge off the deny list.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::allow_edge())]
		pub fn allow_edge(
			origin: OriginFor<T>,
			beaconer: DeviceKey,
			witness: DeviceKey,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_allow_edge(beaconer, witness)
		}

		/// Change the bond, the location fee and the location-change limit.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: DeviceParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_params(params)
		}

		/// Lift the sanction on the key `device`, returning the deposit of a pending appeal.
		/// What a denial forfeited stays forfeited.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(8)]
		pub fn lift_sanction(origin: OriginFor<T>, device: DeviceKey) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_lift_sanction(device)
		}

		/// Appeal the sanction on the caller's `device`; holds the appeal deposit.
		#[pallet::call_index(9)]
		pub fn appeal(origin: OriginFor<T>, device: DeviceKey) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_appeal(owner, device)
		}

		/// Decide the pending appeal on `device`: `grant` lifts the sanction and returns the
		/// deposit; otherwise the sanction stands and the deposit goes to the treasury.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(10)]
		pub fn decide_appeal(
			origin: OriginFor<T>,
			device: DeviceKey,
			grant: bool,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_decide_appeal(device, grant)
		}

		/// Challenge `device` for `reason`, with the hash of the published `evidence`; holds
		/// the challenge bond from the caller.
		#[pallet::call_index(11)]
		pub fn challenge_device(
			origin: OriginFor<T>,
			device: DeviceKey,
			reason: SanctionReason,
			evidence: H256,
		) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::do_challenge_device(challenger, device, reason, evidence)
		}

		/// Uphold the open challenge against `device`: deny the device for the challenge's
		/// reason and evidence, return the challenger's bond and pay it `challenge_reward` of
		/// the slashed bond.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(12)]
		#[pallet::weight(<T as Config>::WeightInfo::uphold_challenge()
			.saturating_add(T::Settlement::forfeit_weight()))]
		pub fn uphold_challenge(
			origin: OriginFor<T>,
			device: DeviceKey,
		) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_uphold_challenge(device)
		}

		/// Reject the open challenge against `device`: the challenger's bond goes to the
		/// treasury.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(13)]
		pub fn reject_challenge(origin: OriginFor<T>, device: DeviceKey) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_reject_challenge(device)
		}
	}
}

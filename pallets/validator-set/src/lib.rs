//! # Validator set
//!
//! The set of accounts that author blocks (Aura) and vote on finality (GRANDPA), managed by
//! [`Config::AdminOrigin`] and fed to `pallet-session`.
//!
//! - `AdminOrigin` adds a validator with [`Pallet::add_validator`] once the account has registered its
//!   session keys (`session.setKeys`), and removes one with [`Pallet::remove_validator`].
//! - A change made during session `i` is planned for session `i + 2`: `pallet-session` queues the
//!   next set one session ahead so that GRANDPA can announce the authority change.
//! - A validator that authored no block during a whole session in which it was active is taken
//!   out of the planned set ([`Event::InactiveValidatorRemoved`]), so the network stops waiting
//!   for its slots. The set never shrinks below [`Config::MinValidators`].
//! - The pallet owns the session clock: a session lasts [`SessionLength`] blocks, set in genesis
//!   and changeable by `AdminOrigin`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_session;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_staking::SessionIndex;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
	{
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The most validators the set may hold; must not exceed the consensus pallets'
		/// `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators the set may hold: neither `AdminOrigin` nor inactivity removes
		/// below it.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The shortest session `AdminOrigin` may configure, in blocks.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// Adds and removes validators and sets the session length.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The validators planned for the next session that `pallet-session` asks about.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since it was last handed to `pallet-session`.
	#[pallet::storage]
	pub type PlannedSetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Blocks authored in the current session, by author. Only active validators author, so it
	/// holds at most `MaxValidators` entries; it is cleared at every session end.
	#[pallet::storage]
	pub type AuthoredBlocks<T: Config> = StorageMap<_, Twox64Concat, T::AccountId, u32, ValueQuery>;

	/// Length of a session, in blocks.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The block at which the current session started.
	#[pallet::storage]
	pub type SessionStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The validators of sessions 0 and 1; each needs session keys in `pallet-session`'s
		/// genesis.
		pub initial_validators: Vec<T::AccountId>,
		/// Length of a session, in blocks.
		pub session_length: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { initial_validators: Vec::new(), session_length: T::MinSessionLength::get() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let validators: BoundedVec<_, T::MaxValidators> = self
				.initial_validators
				.clone()
				.try_into()
				.expect("genesis: more initial validators than MaxValidators");
			// An empty set is the default config's; a chain spec that names validators must
			// name enough of them.
			assert!(
				validators.is_empty() || validators.len() as u32 >= T::MinValidators::get(),
				"genesis: fewer initial validators than MinValidators"
			);
			assert!(Pallet::<T>::all_distinct(&validators), "genesis: duplicate initial validator");
			assert!(
				self.session_length >= T::MinSessionLength::get(),
				"genesis: session_length below MinSessionLength"
			);
			Validators::<T>::put(validators);
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added to the planned set; it starts authoring two sessions later.
		ValidatorAdded {
			/// The validator's account.
			validator: T::AccountId,
		},
		/// A validator was removed from the planned set; it stops authoring two sessions later.
		ValidatorRemoved {
			/// The validator's account.
			validator: T::AccountId,
		},
		/// A validator authored no block during a whole session and was removed from the
		/// planned set. `AdminOrigin` adds it back once it runs again.
		InactiveValidatorRemoved {
			/// The validator's account.
			validator: T::AccountId,
			/// The session in which it authored nothing.
			session: SessionIndex,
		},
		/// The session length changed; it applies from the current session on.
		SessionLengthChanged {
			/// The new length, in blocks.
			length: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the validator set.
		AlreadyValidator,
		/// The account is not in the validator set.
		NotValidator,
		/// The validator set already holds `MaxValidators` validators.
		TooManyValidators,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The account has not registered session keys with `session.setKeys`.
		SessionKeysNotSet,
		/// The session length is below `MinSessionLength`.
		SessionLengthTooShort,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Accounts for [`AuthoredBlocks`] being bumped by `pallet-authorship` in this block.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			<T as Config>::WeightInfo::note_author()
		}

		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
			assert!(
				T::MinSessionLength::get() >= 1u32.into(),
				"MinSessionLength must be at least one block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `validator` to the planned set. It must have registered session keys.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_add_validator(validator)
		}

		/// Remove `validator` from the planned set.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(validator)
		}

		/// Set the session length in blocks; the current session ends once it has lasted
		/// `length` blocks.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			length: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_session_length(length)
		}
	}
}

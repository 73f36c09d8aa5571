//! # Coverage
//!
//! Proof-of-coverage, verified on chain. This pallet owns the chain's epoch clock and turns
//! device-signed proofs into reward units that it hands to the rewards side through
//! [`Config::Work`].
//!
//! - **Epochs**: an epoch lasts [`EpochLength`] blocks (set in genesis, changed by
//!   [`Config::AdminOrigin`]). When
//!   one ends, [`Config::Work`] receives its totals; closing costs the same whatever the number
//!   of devices.
//! - **Announced beacons** ([`Pallet::announce_beacon`], [`Pallet::submit_reports`],
//!   [`Pallet::reveal_beacon`]): a radio device announces a beacon whose payload only its seal
//!   shows; witnesses that received it report for themselves, each report signed by its witness
//!   and committed to the payload, relayed in batches by anyone within the report window; the
//!   beaconer then reveals the payload's entropy and the chain checks every commitment. The
//!   rewarded witnesses are drawn at random among the valid ones, one per spot, with a seed
//!   from the report window's last block; units follow HIP 15 and are scaled by HIP 17 density.
//! - **Beacon receipts** ([`Pallet::submit_receipt`]): a radio device's beacon and the signed
//!   reports of the witnesses that heard it, assembled by the beaconer, judged by the same
//!   rules ([`PocParams`], the region plan in [`CellRegions`] and [`BandPlans`]).
//! - **Heartbeats** ([`Pallet::submit_heartbeat`]): a non-radio device's signed uptime proof,
//!   one per device per epoch, worth one uptime unit.
//!
//! Device proofs need no fees and no tokens: a device submits them as general (unsigned)
//! transactions that the pallet authorizes with `#[pallet::authorize]` from the device's own
//! signature, and the transaction pool drops invalid ones before they reach a block. The
//! device's owner may instead submit them in a signed transaction and pay its fee.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_announced_beacons;
mod impl_beacon_rules;
mod impl_epochs;
mod impl_heartbeats;
mod impl_queries;
mod impl_receipts;
mod impl_regions;
mod impl_settlement;
mod impl_units;
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
	use alloc::vec::Vec;
	use depin_primitives::{
		geo::H3Cell,
		poc::{
			regions::{BandPlan, Region},
			BeaconAnnouncement, BeaconReceipt, MaxReportsPerBatch, MaxReportsPerBeacon,
			MaxWitnessesPerReceipt, SignedReport,
		},
		work::{DeviceRegistry, ProvenWork, RewardUnits, WorkTotals},
		DeviceKey, DeviceKind, DeviceSignature, EpochIndex,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The device registry.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// Receives the verified work and the epoch closes.
		type Work: ProvenWork;

		/// The shortest epoch `AdminOrigin` may configure, in blocks.
		#[pallet::constant]
		type MinEpochLength: Get<BlockNumberFor<Self>>;

		/// Changes the epoch length and the verification rules.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Creates devices in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: depin_primitives::work::RegistryBenchmarkHelper<Self::AccountId>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Length of an epoch, in blocks.
	#[pallet::storage]
	pub type EpochLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The current epoch, counted from 0 at genesis.
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The block at which the current epoch started.
	#[pallet::storage]
	pub type EpochStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Units credited and proofs verified so far in the current epoch.
	#[pallet::storage]
	pub type CurrentEpochActivity<T: Config> = StorageValue<_, EpochActivity, ValueQuery>;

	/// The latest epoch in which each device's heartbeat was accepted.
	#[pallet::storage]
	pub type LastHeartbeat<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, EpochIndex, OptionQuery>;

	/// The parameters of the verification rules.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, PocParams, ValueQuery>;

	/// The block of each radio device's latest beacon, valid or not: the next one may come
	/// `beacon_interval` blocks later.
	#[pallet::storage]
	pub type LastBeacon<T: Config> = StorageMap<_, Blake2_128Concat, DeviceKey, u32, OptionQuery>;

	/// Announced beacons not yet revealed, by beaconer; one announced in the block
	/// [`LastBeacon`] holds is open for reports, then for its reveal.
	#[pallet::storage]
	pub type OpenBeacons<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, OpenBeacon, OptionQuery>;

	/// The accepted reports of each open beacon, by beaconer and witness; at most
	/// `MAX_REPORTS_PER_BEACON` per beacon.
	#[pallet::storage]
	pub type BeaconReports<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DeviceKey,
		Blake2_128Concat,
		DeviceKey,
		ReportRecord,
		OptionQuery,
	>;

	/// The region map: the regulatory region of H3 cells at resolutions 0 to
	/// `REGION_RESOLUTION`. A place is in the region of its finest mapped parent.
	#[pallet::storage]
	pub type CellRegions<T: Config> = StorageMap<_, Twox64Concat, H3Cell, Region, OptionQuery>;

	/// The band plan radio devices of a kind beacon under in a region; a kind without one
	/// cannot beacon there.
	#[pallet::storage]
	pub type BandPlans<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Region, Twox64Concat, DeviceKind, BandPlan, OptionQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Length of an epoch, in blocks.
		pub epoch_length: BlockNumberFor<T>,
		/// The parameters of the verification rules.
		pub poc_params: PocParams,
		/// The region map's entries.
		pub cell_regions: Vec<(H3Cell, Region)>,
		/// The band plans, by region and device kind.
		pub band_plans: Vec<(Region, DeviceKind, BandPlan)>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// No cell mapped, and Helium's LoRa band plan in every region.
		fn default() -> Self {
			Self {
				epoch_length: T::MinEpochLength::get(),
				poc_params: PocParams::default(),
				cell_regions: Vec::new(),
				band_plans: Region::ALL
					.iter()
					.map(|region| (*region, DeviceKind::LoraHotspot, region.helium_lora_plan()))
					.collect(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.epoch_length >= T::MinEpochLength::get(),
				"genesis: epoch_length below MinEpochLength"
			);
			EpochLength::<T>::put(self.epoch_length);
			Pallet::<T>::ensure_valid_poc_params(&self.poc_params)
				.expect("genesis: invalid poc_params");
			Params::<T>::put(self.poc_params);
			for (cell, region) in &self.cell_regions {
				Pallet::<T>::ensure_region_cell(*cell).expect("genesis: invalid region cell");
				CellRegions::<T>::insert(cell, region);
			}
			for (region, kind, plan) in &self.band_plans {
				Pallet::<T>::ensure_valid_band_plan(*kind, plan)
					.expect("genesis: invalid band plan");
				BandPlans::<T>::insert(region, kind, plan);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An epoch ended; its units went to the rewards side.
		EpochClosed {
			/// The epoch that ended.
			epoch: EpochIndex,
			/// Its units, by category.
			totals: WorkTotals,
			/// Its proofs, by outcome.
			proofs: ProofCounts,
		},
		/// A heartbeat was accepted.
		HeartbeatAccepted {
			/// The device.
			device: DeviceKey,
			/// The epoch it proves uptime for.
			epoch: EpochIndex,
			/// Uptime units earned.
			units: RewardUnits,
		},
		/// A beacon receipt was verified: its witnesses' verdicts, and the units credited.
		ReceiptAccepted {
			/// The beaconing device.
			beaconer: DeviceKey,
			/// The epoch credited.
			epoch: EpochIndex,
			/// Beacon units credited to the beaconer (after density scaling).
			beacon_units: RewardUnits,
			/// Witness units credited to each selected witness (after density scaling).
			witness_units: RewardUnits,
			/// The beaconer's density scale, in parts per million; witnesses are paid with it.
			density_scale_ppm: u64,
			/// The seed of the draw that picked the rewarded witnesses.
			draw_seed: [u8; 32],
			/// Every report's witness and verdict, in receipt order.
			witnesses: BoundedVec<(DeviceKey, WitnessVerdict), MaxWitnessesPerReceipt>,
		},
		/// A beacon was announced; its reports are accepted until the report window closes.
		BeaconAnnounced {
			/// The beaconing device.
			beaconer: DeviceKey,
			/// The block that included the announcement.
			announced_at: u32,
			/// The seal of its payload.
			seal: [u8; 32],
		},
		/// A batch of witness reports was accepted for open beacons.
		ReportsAccepted {
			/// How many.
			reports: u32,
		},
		/// An announced beacon was revealed and judged: its witnesses' verdicts, and the units
		/// credited.
		BeaconRevealed {
			/// The beaconing device.
			beaconer: DeviceKey,
			/// The epoch credited.
			epoch: EpochIndex,
			/// Beacon units credited to the beaconer (after density scaling).
			beacon_units: RewardUnits,
			/// Witness units credited to each selected witness (after density scaling).
			witness_units: RewardUnits,
			/// The beaconer's density scale, in parts per million; witnesses are paid with it.
			density_scale_ppm: u64,
			/// The seed of the draw that picked the rewarded witnesses.
			draw_seed: [u8; 32],
			/// Every report's witness and verdict.
			witnesses: BoundedVec<(DeviceKey, WitnessVerdict), MaxReportsPerBeacon>,
		},
		/// `AdminOrigin` changed the verification parameters.
		PocParamsChanged {
			/// The new parameters.
			params: PocParams,
		},
		/// The epoch length changed; it applies to the current epoch.
		EpochLengthChanged {
			/// The new length, in blocks.
			length: BlockNumberFor<T>,
		},
		/// `AdminOrigin` changed entries of the region map.
		CellRegionsChanged {
			/// Each cell's new region; `None`: unmapped.
			changes: CellRegionChanges,
		},
		/// `AdminOrigin` set or removed a band plan.
		BandPlanChanged {
			/// The region.
			region: Region,
			/// The device kind.
			kind: DeviceKind,
			/// The new plan; `None`: devices of the kind can no longer beacon in the region.
			plan: Option<BandPlan>,
		},
	}

	/// Why a proof is rejected. The transaction pool reports the same conditions as
	/// `InvalidTransaction::Custom(index)`, where `index` is the error's index below.
	#[pallet::error]
	pub enum Error<T> {
		/// No device is registered with this key.
		UnknownDevice,
		/// The device is suspended or denied.
		DeviceNotActive,
		/// Radio devices prove coverage with beacons, not heartbeats.
		NotAnUptimeDevice,
		/// The proof is for another epoch than the current one.
		WrongEpoch,
		/// The device already proved its uptime in this epoch.
		HeartbeatAlreadyAccepted,
		/// The device's signature does not verify.
		BadSignature,
		/// The signed submitter does not own the device.
		NotOwner,
		/// The epoch length is below `MinEpochLength`.
		EpochLengthTooShort,
		/// Heartbeats are for non-radio devices; radio devices beacon.
		NotARadioDevice,
		/// The entropy block is not a past block whose hash the chain still keeps.
		UnknownEntropy,
		/// The entropy block is older than `max_entropy_age`.
		StaleEntropy,
		/// The device beaconed less than `beacon_interval` blocks ago.
		BeaconTooSoon,
		/// `max_rewarded_witnesses` must be from 1 to `MAX_WITNESSES_PER_RECEIPT`.
		RewardedWitnessesOutOfRange,
		/// `max_entropy_age` must be at least 1 and below the number of block hashes the chain
		/// keeps.
		EntropyAgeOutOfRange,
		/// `beacon_interval` must be more than `max_entropy_age`.
		BeaconIntervalWithinEntropyAge,
		/// Governance revoked the device's maker: its proofs are invalid.
		MakerRevoked,
		/// The maker key that certified the device was revoked: its proofs are invalid.
		MakerKeyRevoked,
		/// The device's maker recalled its batch: its proofs are invalid.
		BatchRecalled,
		/// The device has no certificate and its kind is no longer open.
		Uncertified,
		/// The beaconer has not asserted a location.
		BeaconerNotLocated,
		/// The beacon's payload is not the one derived from its entropies.
		PayloadMismatch,
		/// The beaconer's location is in no region of the region plan.
		OutsideRegionPlan,
		/// The beaconer's region has no band plan for its kind.
		NoBandPlan,
		/// The beacon's frequency is not a channel of the beaconer's band plan.
		FrequencyNotAChannel,
		/// The beacon's transmit power plus the beaconer's antenna gain is above the band
		/// plan's maximum EIRP.
		AboveMaxEirp,
		/// A region map key must be a valid H3 cell at resolution 0 to `REGION_RESOLUTION`.
		NotARegionCell,
		/// A band plan lists its channels strictly ascending, at least one, each above 0.
		MalformedBandPlan,
		/// Band plans are for radio device kinds.
		NotARadioKind,
		/// `report_window` and `reveal_window` must be at least 1, and `max_entropy_age +
		/// report_window + reveal_window` below the number of block hashes the chain keeps.
		WindowOutOfRange,
		/// `beacon_interval` must be more than `report_window + reveal_window`.
		BeaconIntervalWithinWindows,
		/// A batch of reports must hold at least one.
		NoReports,
		/// The report names no open beacon: none was announced in that block by that beaconer,
		/// or it was revealed.
		BeaconNotOpen,
		/// The beacon's report window has closed.
		ReportWindowClosed,
		/// The witness already reported this beacon.
		AlreadyReported,
		/// The beacon has collected `MAX_REPORTS_PER_BEACON` reports.
		BeaconReportsFull,
		/// The beaconer cannot witness its own beacon.
		SelfWitness,
		/// The (beaconer, witness) edge is on the deny list.
		EdgeDenied,
		/// The witness is not a radio device of the beaconer's kind.
		KindMismatch,
		/// The witness has not asserted a location.
		WitnessNotLocated,
		/// The witness is not in the beaconer's region of the region plan.
		OutsideRegion,
		/// The reported RSSI is below −150 dBm: nothing was received.
		RssiBelowSensitivity,
		/// The reported SNR is outside −20 to +20 dB.
		SnrOutOfRange,
		/// The reported frequency differs from the beacon's by more than the tolerance.
		FrequencyMismatch,
		/// The witness is closer to the beaconer than `min_witness_grid_distance`.
		TooClose,
		/// The witness is farther from the beaconer than `max_witness_distance_m`.
		TooFar,
		/// The reported RSSI is stronger than free-space path loss allows over the asserted
		/// distance.
		SignalTooStrong,
		/// The beacon's report window is still open: it cannot be revealed yet.
		ReportWindowOpen,
		/// The beacon's reveal window has closed: it earns nothing.
		RevealWindowClosed,
		/// `reports` is not the number of reports the beacon collected.
		WrongReportCount,
		/// The local entropy does not derive the payload the announcement sealed.
		SealMismatch,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// The most witness reports one beacon receipt may carry.
		#[pallet::constant_name(MaxWitnessesPerReceipt)]
		fn max_witnesses_per_receipt() -> u32 {
			depin_primitives::poc::MAX_WITNESSES_PER_RECEIPT
		}

		/// The most reports one announced beacon may collect.
		#[pallet::constant_name(MaxReportsPerBeacon)]
		fn max_reports_per_beacon() -> u32 {
			depin_primitives::poc::MAX_REPORTS_PER_BEACON
		}

		/// The most reports one `submit_reports` call may carry.
		#[pallet::constant_name(MaxReportsPerBatch)]
		fn max_reports_per_batch() -> u32 {
			depin_primitives::poc::MAX_REPORTS_PER_BATCH
		}

		/// The most region map entries one `set_cell_regions` call may change.
		#[pallet::constant_name(MaxCellRegionChanges)]
		fn max_cell_region_changes() -> u32 {
			MAX_CELL_REGION_CHANGES
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Closes the epoch once it has lasted `EpochLength` blocks.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::advance_epoch(now)
		}

		fn integrity_test() {
			assert!(
				T::MinEpochLength::get() >= 1u32.into(),
				"MinEpochLength must be at least one block"
			);
			Pallet::<T>::ensure_valid_poc_params(&PocParams::default())
				.expect("the default PocParams fit this runtime");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a device's heartbeat: without fees as a general transaction authorized by
		/// the device's signature, or signed by the device's owner.
		#[pallet::call_index(0)]
		#[pallet::weight(
			<T as Config>::WeightInfo::submit_heartbeat()
				.saturating_add(Pallet::<T>::heartbeat_check_weight(&heartbeat.device))
		)]
		#[pallet::authorize(Pallet::<T>::authorize_heartbeat)]
		#[pallet::weight_of_authorize(Pallet::<T>::heartbeat_check_weight(&heartbeat.device))]
		pub fn submit_heartbeat(
			origin: OriginFor<T>,
			heartbeat: Heartbeat,
			signature: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			Self::do_submit_heartbeat(origin, heartbeat, signature)
		}

		/// Submit a beacon receipt: without fees as a general transaction authorized by the
		/// beaconer's signature, or signed by the beaconer's owner.
		#[pallet::call_index(2)]
		#[pallet::weight(
			Pallet::<T>::receipt_weight(receipt)
				.saturating_add(Pallet::<T>::receipt_check_weight(receipt))
		)]
		#[pallet::authorize(Pallet::<T>::authorize_receipt)]
		#[pallet::weight_of_authorize(Pallet::<T>::receipt_check_weight(receipt))]
		pub fn submit_receipt(
			origin: OriginFor<T>,
			receipt: BeaconReceipt,
			signature: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			Self::do_submit_receipt(origin, receipt, signature)
		}

		/// Announce a beacon: without fees as a general transaction authorized by the
		/// beaconer's signature, or signed by the beaconer's owner. Its witnesses report it in
		/// the report window, then the beaconer reveals it with `reveal_beacon`.
		#[pallet::call_index(6)]
		#[pallet::weight(
			Pallet::<T>::announcement_weight()
				.saturating_add(Pallet::<T>::announcement_check_weight(announcement))
		)]
		#[pallet::authorize(Pallet::<T>::authorize_announcement)]
		#[pallet::weight_of_authorize(Pallet::<T>::announcement_check_weight(announcement))]
		pub fn announce_beacon(
			origin: OriginFor<T>,
			announcement: BeaconAnnouncement,
			signature: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			Self::do_announce_beacon(origin, announcement, signature)
		}

		/// Submit witnesses' reports of open beacons, each authorized by its witness's
		/// signature: a general transaction without fees that anyone may relay. Every report
		/// must be valid.
		#[pallet::call_index(7)]
		#[pallet::weight(
			<T as Config>::WeightInfo::submit_reports(reports.len() as u32)
				.saturating_add(Pallet::<T>::reports_check_weight(reports))
		)]
		#[pallet::authorize(Pallet::<T>::authorize_reports)]
		#[pallet::weight_of_authorize(Pallet::<T>::reports_check_weight(reports))]
		pub fn submit_reports(
			origin: OriginFor<T>,
			reports: BoundedVec<SignedReport, MaxReportsPerBatch>,
		) -> DispatchResultWithPostInfo {
			Self::do_submit_reports(origin, reports)
		}

		/// Reveal an announced beacon once its report window has closed: its local entropy,
		/// which derives the sealed payload, and how many reports it collected. Needs no
		/// signature: without fees as a general transaction, or signed by anyone.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::reveal_weight(*reports))]
		#[pallet::authorize(Pallet::<T>::authorize_reveal)]
		#[pallet::weight_of_authorize(<T as Config>::WeightInfo::authorize_reveal())]
		pub fn reveal_beacon(
			origin: OriginFor<T>,
			beaconer: DeviceKey,
			local_entropy: [u8; 16],
			reports: u32,
		) -> DispatchResultWithPostInfo {
			Self::do_reveal_beacon(origin, beaconer, local_entropy, reports)
		}

		/// Change the parameters of the verification rules.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_poc_params())]
		pub fn set_poc_params(origin: OriginFor<T>, params: PocParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_poc_params(params)
		}

		/// Set the epoch length in blocks; the current epoch ends once it has lasted `length`
		/// blocks.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::set_epoch_length())]
		pub fn set_epoch_length(origin: OriginFor<T>, length: BlockNumberFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_epoch_length(length)
		}

		/// Map H3 cells (resolution 0 to `REGION_RESOLUTION`) to regions, or unmap them.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::set_cell_regions(changes.len() as u32))]
		pub fn set_cell_regions(
			origin: OriginFor<T>,
			changes: CellRegionChanges,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_cell_regions(changes)
		}

		/// Set the band plan of a radio device kind in a region, or remove it.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::set_band_plan())]
		pub fn set_band_plan(
			origin: OriginFor<T>,
			region: Region,
			kind: DeviceKind,
			plan: Option<BandPlan>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_band_plan(region, kind, plan)
		}
	}
}

//! Genesis presets: `development` (Alice validates alone) and `local_testnet` (Alice, Bob,
//! Charlie and Dave validate). The node's chain specs name these presets; nothing else builds
//! genesis state. Both approve the development maker (`docs/makers.md`), so that tests,
//! simulator and benchmarks certify their devices; no kind is open.

use crate::{
	AccountId, BalancesConfig, CoverageConfig, DevicesConfig, MakersConfig, RewardsConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, DPN, HOURS,
	MINUTES,
};
use alloc::{vec, vec::Vec};
use depin_primitives::{
	geo::{self, H3Cell},
	maker::DEV_MAKER_PUBLIC,
	poc::regions::Region,
	DeviceKind,
};
use frame_support::build_struct_json_patch;
use pallet_coverage::PocParams;
use pallet_makers::GenesisMaker;
use pallet_rewards::{EmissionSchedule, PoolSplit};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

/// Balance given to every well-known development account.
const DEV_ENDOWMENT: u128 = 1_000_000 * DPN;

/// Held from a device's owner while the device is registered.
const DEVICE_BOND: u128 = 10 * DPN;

/// Charged for every location assertion.
const LOCATION_FEE: u128 = DPN;
/// Half the bond of a denied device is slashed; an upheld challenge pays half of that to its
/// challenger, the rest goes to the treasury.
const DENIAL_SLASH: Perbill = Perbill::from_percent(50);
const CHALLENGE_REWARD: Perbill = Perbill::from_percent(50);
/// A challenge risks a device bond: a rejected one is the treasury's.
const CHALLENGE_BOND: u128 = 10 * DPN;
/// An appeal risks half a device bond.
const APPEAL_DEPOSIT: u128 = 5 * DPN;

/// The development maker's bond: the least a maker may bond.
const DEV_MAKER_BOND: u128 = 10_000 * DPN;

/// Paid by a device's owner at the device's first registration.
const ONBOARDING_FEE: u128 = DPN;

/// Enough for every fleet the benchmarks build.
const DEV_MAKER_QUOTA: u32 = 10_000_000;

/// Minted per epoch until the first halving: about 122.6 million DPN in the first year of
/// one-hour epochs.
const INITIAL_EMISSION: u128 = 14_000 * DPN;

/// Two years of one-hour epochs.
const HALVING_INTERVAL: u32 = 2 * 365 * 24;

/// Total issuance never exceeds one billion DPN.
const MAX_SUPPLY: u128 = 1_000_000_000 * DPN;

/// Of each emission: beacons 15 %, witnesses 45 %, uptime 20 %, block authors 10 %, treasury
/// 10 %.
const SPLIT: PoolSplit =
	PoolSplit { beacon: 1_500, witness: 4_500, uptime: 2_000, validators: 1_000, treasury: 1_000 };

/// The test chains' region map, as places whose H3 cell at a resolution is mapped to a
/// region: whole base cells (resolution 0) over western Europe and the United States, and
/// resolution-2 cells (about 87,000 km²) around a few cities elsewhere. A coarse map for tests
/// and demonstrations, not a regulatory one: a network's map is governance's
/// (`coverage.setCellRegions`).
const TEST_REGION_PLACES: [(f64, f64, u8, Region); 14] = [
	(48.8566, 2.3522, 0, Region::Eu868),     // Paris
	(52.5200, 13.4050, 0, Region::Eu868),    // Berlin
	(40.4168, -3.7038, 0, Region::Eu868),    // Madrid
	(51.5074, -0.1278, 0, Region::Eu868),    // London
	(41.9028, 12.4964, 0, Region::Eu868),    // Rome
	(40.7128, -74.0060, 0, Region::Us915),   // New York
	(41.8781, -87.6298, 0, Region::Us915),   // Chicago
	(34.0522, -118.2437, 0, Region::Us915),  // Los Angeles
	(29.7604, -95.3698, 0, Region::Us915),   // Houston
	(-33.8688, 151.2093, 2, Region::Au915),  // Sydney
	(35.6762, 139.6503, 2, Region::As923_1), // Tokyo
	(37.5665, 126.9780, 2, Region::Kr920),   // Seoul
	(19.0760, 72.8777, 2, Region::In865),    // Mumbai
	(55.7558, 37.6173, 2, Region::Ru864),    // Moscow
];

/// [`TEST_REGION_PLACES`] as region map entries.
fn test_cell_regions() -> Vec<(H3Cell, Region)> {
	let entries: alloc::collections::BTreeMap<H3Cell, Region> = TEST_REGION_PLACES
		.iter()
		.map(|(lat, lng, res, region)| {
			(geo::cell_at(*lat, *lng, *res).expect("a valid place"), *region)
		})
		.collect();
	entries.into_iter().collect()
}

/// A validator's account and the session keys derived from the same development seed.
struct DevValidator {
	account: AccountId,
	keys: SessionKeys,
}

fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> DevValidator {
	DevValidator {
		account: sr.to_account_id(),
		keys: SessionKeys {
			aura: AuraId::from(sr.public()),
			grandpa: GrandpaId::from(ed.public()),
		},
	}
}

/// Maker 0: the development maker, Charlie's account, with the well-known key of
/// `depin_primitives::maker::DEV_MAKER_SEED`, certifying every kind.
fn dev_maker() -> GenesisMaker<AccountId, u128> {
	GenesisMaker {
		account: Sr25519Keyring::Charlie.to_account_id(),
		name: "Development maker".into(),
		kinds: DeviceKind::ALL.to_vec(),
		quota: DEV_MAKER_QUOTA,
		onboarding_fee: ONBOARDING_FEE,
		bond: DEV_MAKER_BOND,
		keys: vec![DEV_MAKER_PUBLIC.to_vec()],
	}
}

fn genesis(
	validators: Vec<DevValidator>,
	endowed: Vec<AccountId>,
	root: AccountId,
	session_length: u32,
	epoch_length: u32,
	poc_params: PocParams,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|who| (who, DEV_ENDOWMENT)).collect::<Vec<_>>(),
		},
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|v| v.account.clone()).collect::<Vec<_>>(),
			session_length,
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|v| (v.account.clone(), v.account, v.keys))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		makers: MakersConfig { makers: vec![dev_maker()], open_kinds: Vec::<DeviceKind>::new() },
		devices: DevicesConfig {
			device_bond: DEVICE_BOND,
			location_fee: LOCATION_FEE,
			max_location_changes_per_epoch: 2,
			denial_slash: DENIAL_SLASH,
			challenge_reward: CHALLENGE_REWARD,
			challenge_bond: CHALLENGE_BOND,
			appeal_deposit: APPEAL_DEPOSIT,
			devices: Vec::new(),
		},
		coverage: CoverageConfig { epoch_length, poc_params, cell_regions: test_cell_regions() },
		rewards: RewardsConfig {
			schedule: EmissionSchedule {
				initial_per_epoch: INITIAL_EMISSION,
				halving_interval: HALVING_INTERVAL,
				max_supply: MAX_SUPPLY,
			},
			split: SPLIT,
		},
	})
}

/// Alice validates alone; one-minute sessions and epochs, a beacon a minute per device on
/// entropy at most 54 s (9 blocks) old, reports for 24 s (4 blocks) after an announcement and
/// its reveal in the next 24 s.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		MINUTES,
		MINUTES,
		PocParams {
			beacon_interval: MINUTES,
			max_entropy_age: MINUTES - 1,
			report_window: 4,
			reveal_window: 4,
			..Default::default()
		},
	)
}

/// Alice, Bob, Charlie and Dave validate; five-minute sessions, one-hour epochs, a beacon per
/// device every six hours (Helium's rate).
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		5 * MINUTES,
		HOURS,
		PocParams { beacon_interval: 6 * HOURS, ..Default::default() },
	)
}

/// The JSON patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

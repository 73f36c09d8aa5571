//! Random sequences of every call against a full recount of the derived state.

use super::*;

/// Random sequences of every call, checking after each step that every derived count equals
/// a full recount (the `try_state` check) and that a failed call changed nothing.
#[test]
fn derived_counts_always_equal_a_recount() {
	// A small neighbourhood so that devices share cells at every resolution.
	let spots: Vec<H3Cell> = (0..6)
		.map(|i| cell(48.85 + 0.002 * i as f64, 2.35 + 0.003 * (i % 3) as f64))
		.chain([eiffel(), cell(48.90, 2.40)])
		.collect();
	let signers: Vec<DeviceSigner> =
		(1..=8).map(ed25519_device).chain((1..=2).map(p256_device)).collect();
	let statuses = [DeviceStatus::Active, DeviceStatus::Suspended, DeviceStatus::Denied];
	// Successful calls per operation, so that the test is known to exercise every path.
	let mut succeeded = [0u32; 10];

	for seed in 1..=40u64 {
		new_test_ext().execute_with(|| {
			let mut state = seed;
			let mut next = |bound: usize| {
				// xorshift64: deterministic, so a failing seed replays.
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				(state % bound as u64) as usize
			};
			for step in 0..150 {
				let signer = &signers[next(signers.len())];
				let device = signer.public();
				let owner = 1 + next(3) as u64;
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let operation = next(10);
				let result = match operation {
					0 | 1 => Registry::register_device(
						RuntimeOrigin::signed(owner),
						device,
						DeviceKind::ALL[next(DeviceKind::ALL.len())],
						proof(signer, owner),
						None,
					),
					2 | 3 => Registry::assert_location(
						RuntimeOrigin::signed(owner),
						device,
						spots[next(spots.len())],
						GAIN,
						ELEVATION,
					),
					4 => set_status(device, statuses[next(statuses.len())]),
					5 => Registry::transfer_device(
						RuntimeOrigin::signed(owner),
						device,
						1 + next(3) as u64,
					),
					6 => Registry::deregister_device(RuntimeOrigin::signed(owner), device)
						.map(|_| ())
						.map_err(|error| error.error),
					7 => Registry::challenge_device(
						RuntimeOrigin::signed(1 + next(3) as u64),
						device,
						depin_primitives::SanctionReason::Relay,
						Default::default(),
					),
					8 => match next(2) {
						0 => Registry::uphold_challenge(RuntimeOrigin::root(), device)
							.map(|_| ())
							.map_err(|error| error.error),
						_ => Registry::reject_challenge(RuntimeOrigin::root(), device),
					},
					_ => match next(2) {
						0 => Registry::appeal(RuntimeOrigin::signed(owner), device),
						_ => Registry::decide_appeal(RuntimeOrigin::root(), device, next(2) == 0),
					},
				};
				if result.is_ok() {
					succeeded[operation] += 1;
				} else {
					assert_eq!(
						before,
						sp_io::storage::root(sp_runtime::StateVersion::V1),
						"seed {seed} step {step}: a failed call changed storage"
					);
				}
				if let Err(error) = Registry::do_try_state() {
					panic!("seed {seed} step {step}: {error:?}");
				}
				if step % 20 == 19 {
					CurrentEpoch::mutate(|epoch| *epoch += 1);
				}
			}
		});
	}
	assert!(succeeded.iter().all(|count| *count >= 10), "too few successful calls: {succeeded:?}");
}

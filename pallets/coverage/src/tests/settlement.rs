//! What a departing device leaves behind here: nothing, and a key that cannot come back before
//! its last beacon interval and heartbeat epoch are over.

use crate::{mock::*, *};
use codec::Encode;
use depin_primitives::{device::registration_message, signing::DeviceSigner, DeviceKind};
use frame_support::{assert_noop, assert_ok};

fn register_again(signer: &DeviceSigner) -> frame_support::dispatch::DispatchResult {
	let device = signer.public();
	let nonce = pallet_devices::Departures::<Test>::get(device).registrations;
	let message =
		registration_message(System::block_hash(0).as_ref(), &OWNER.encode(), &device, nonce);
	Devices::register_device(
		RuntimeOrigin::signed(OWNER),
		device,
		DeviceKind::LoraHotspot,
		signer.sign(&message),
		None,
	)
}

#[test]
fn a_departing_device_takes_its_limits_and_returns_once_they_have_passed() {
	new_test_ext().execute_with(|| {
		run_to_block(3);
		let signer = DeviceSigner::ed25519_from_seed(&[7; 32]);
		let device = register(&signer, DeviceKind::LoraHotspot);
		// Beaconed at block 3 and sent a heartbeat in this epoch (0, ending at block 10).
		LastBeacon::<Test>::insert(device, 3);
		LastHeartbeat::<Test>::insert(device, 0);
		assert_ok!(Devices::deregister_device(RuntimeOrigin::signed(OWNER), device));
		assert!(!LastBeacon::<Test>::contains_key(device));
		assert!(!LastHeartbeat::<Test>::contains_key(device));
		Coverage::do_try_state().expect("nothing of the departed device is left");
		assert_eq!(pallet_devices::Departures::<Test>::get(device).returns_at, EPOCH_LENGTH);
		run_to_block(EPOCH_LENGTH - 1);
		assert_noop!(register_again(&signer), pallet_devices::Error::<Test>::ReturnTooEarly);
		run_to_block(EPOCH_LENGTH);
		assert_ok!(register_again(&signer));

		// A beacon alone binds until its interval is over; a heartbeat of a past epoch not at
		// all.
		run_to_block(EPOCH_LENGTH + 2);
		LastBeacon::<Test>::insert(device, EPOCH_LENGTH as u32 + 1);
		LastHeartbeat::<Test>::insert(device, 0);
		assert_ok!(Devices::deregister_device(RuntimeOrigin::signed(OWNER), device));
		let beacon_over = EPOCH_LENGTH + 1 + u64::from(BEACON_INTERVAL);
		assert_eq!(pallet_devices::Departures::<Test>::get(device).returns_at, beacon_over);
	});
}

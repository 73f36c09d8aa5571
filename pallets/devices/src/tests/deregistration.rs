//! `deregister_device`: the other pallets settle, the bond is released, every index and count
//! forgets the device, and the key keeps its nonce, its return block and its sanction.

use super::*;

#[test]
fn releases_the_bond_and_clears_indices_and_counts() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		locate(1, device, paris());
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(
			last_event(),
			Event::DeviceDeregistered { device, owner: 1, bond: BOND, returns_at: 0 }
		);
		assert_eq!(Settled::get(), vec![device]);
		assert!(Devices::<Test>::get(device).is_none());
		assert_eq!((held(1), free(1)), (0, RICH - FEE));
		assert!(owned(1).is_empty());
		assert_eq!(OwnedDevices::<Test>::iter().count(), 0);
		assert!(!OwnerDeviceCount::<Test>::contains_key(1));
		assert_eq!(Departures::<Test>::get(device), Departure { registrations: 1, returns_at: 0 });
		assert_eq!(DevicesInCell::<Test>::iter().count(), 0);
		assert_eq!(DevicesInFineCells::<Test>::iter().count(), 0);
		assert_eq!(DeviceTally::<Test>::iter().count(), 0);
		check_invariants();
	});
}

#[test]
fn rejects_bad_deregistrations() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(2), device),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(1), ed25519_device(2).public()),
			Error::<Test>::UnknownDevice
		);
		// The other pallets may refuse (the rewards pallet does when a device has more
		// claimable epochs than one claim pays).
		RefuseDepartures::set(true);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(1), device),
			DispatchError::Other("settlement refused")
		);
		RefuseDepartures::set(false);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
	});
}

#[test]
fn a_key_returns_only_once_its_last_registrations_limits_have_passed() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		let device = register(1, &signer, DeviceKind::LoraHotspot);
		ReturnsAt::set(5);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(Departures::<Test>::get(device).returns_at, 5);
		System::set_block_number(4);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(2),
				device,
				DeviceKind::LoraHotspot,
				proof(&signer, 2),
				None
			),
			Error::<Test>::ReturnTooEarly
		);
		System::set_block_number(5);
		register(2, &signer, DeviceKind::LoraHotspot);
		assert!(!Departures::<Test>::contains_key(device));
		assert_eq!(Devices::<Test>::get(device).unwrap().registrations, 2);
		check_invariants();
	});
}

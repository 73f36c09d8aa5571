//! `deregister_device`: the bond is released and every index and count forgets the device.

use super::*;

#[test]
fn releases_the_bond_and_clears_indices_and_counts() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		locate(1, device, paris());
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(last_event(), Event::DeviceDeregistered { device, owner: 1, bond: BOND });
		assert!(Devices::<Test>::get(device).is_none());
		assert_eq!((held(1), free(1)), (0, RICH - FEE));
		assert!(owned(1).is_empty());
		assert_eq!(OwnedDevices::<Test>::iter().count(), 0);
		assert!(!OwnerDeviceCount::<Test>::contains_key(1));
		assert_eq!(RegistrationNonce::<Test>::get(device), 1);
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
		// A denied device keeps its key and bond until governance lifts the denial.
		assert_ok!(Registry::set_device_status(
			RuntimeOrigin::root(),
			device,
			DeviceStatus::Denied
		));
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(1), device),
			Error::<Test>::DeviceDenied
		);
		assert_ok!(Registry::set_device_status(
			RuntimeOrigin::root(),
			device,
			DeviceStatus::Active
		));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
	});
}

//! The paged owner index: gapless slots through removals and transfers.

use super::*;
use alloc::collections::BTreeSet;

/// Every device of `owner`, read a page of `limit` at a time.
fn paged(owner: u64, limit: u32) -> Vec<DeviceKey> {
	let mut devices = Vec::new();
	let mut after = None;
	loop {
		let page = Registry::devices_page(&owner, after, limit).expect("a valid limit");
		devices.extend(page.devices.iter().map(|details| details.device));
		match page.next {
			Some(next) => after = Some(next),
			None => return devices,
		}
	}
}

#[test]
fn spans_pages_and_stays_gapless_through_removals_and_transfers() {
	new_test_ext().execute_with(|| {
		OwnerDeviceLimit::set(80);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), 1, 100 * RICH));
		let keys: Vec<DeviceKey> =
			(1..=70).map(|n| register(1, &ed25519_device(n), DeviceKind::Sensor)).collect();
		assert_eq!(owned(1), keys);
		assert_eq!(paged(1, 7), keys);
		assert_eq!(OwnedDevices::<Test>::iter_prefix(1).count(), 3);
		// Removing the first device moves the last one into its slot.
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), keys[0]));
		assert_eq!(Devices::<Test>::get(keys[69]).unwrap().owner_slot, 0);
		assert_eq!(owned(1)[0], keys[69]);
		assert_eq!(OwnedDevices::<Test>::get(1, 2).len(), 70 - 1 - 2 * 32);
		check_invariants();

		let mut mine: BTreeSet<DeviceKey> = keys[1..].iter().copied().collect();
		let mut theirs = BTreeSet::new();
		let mut state = 7u64;
		for step in 0..60 {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			let device = *mine.iter().nth(state as usize % mine.len()).unwrap();
			mine.remove(&device);
			if step % 2 == 0 {
				assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), device, 2));
				theirs.insert(device);
			} else {
				assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
			}
			check_invariants();
			let listed = paged(1, 7);
			assert_eq!(listed.len(), mine.len(), "step {step}: a device listed twice");
			assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), mine, "step {step}");
			assert_eq!(owned(2).into_iter().collect::<BTreeSet<_>>(), theirs);
		}
		// 9 and 30 devices: one page each, the emptied pages removed.
		assert_eq!(OwnedDevices::<Test>::iter_prefix(1).count(), 1);
		assert_eq!(OwnedDevices::<Test>::iter_prefix(2).count(), 1);
	});
}

#[test]
fn a_cursor_the_owner_no_longer_holds_starts_over() {
	new_test_ext().execute_with(|| {
		let keys: Vec<DeviceKey> =
			(1..=3).map(|n| register(1, &ed25519_device(n), DeviceKind::Sensor)).collect();
		assert_eq!(Registry::owned_devices(&1, Some(&keys[0]), 10), keys[1..].to_vec());
		assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), keys[0], 2));
		assert_eq!(Registry::owned_devices(&1, Some(&keys[0]), 10), owned(1));
		assert_eq!(owned(1), vec![keys[2], keys[1]]);
		assert_eq!(Registry::owned_devices(&1, Some(&ed25519_device(9).public()), 1), [keys[2]]);
	});
}

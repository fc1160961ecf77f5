-- Orders (V7) and fulfillment (V8) were built side by side; V8 left parcels.order_id without a foreign
-- key so it did not depend on the orders table. Both exist now: a parcel may only name a real order.
-- An unknown order id in a scan is refused (409, nothing written) instead of being stored.
-- NOT VALID + VALIDATE: the check of existing rows takes no lock that blocks writes to parcels.
alter table parcels
    add constraint parcels_order_id_fkey foreign key (order_id) references orders (id) not valid;
alter table parcels validate constraint parcels_order_id_fkey;

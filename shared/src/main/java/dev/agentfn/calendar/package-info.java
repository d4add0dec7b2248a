/** Calendar events by date, per caller: the {@link dev.agentfn.calendar.CalendarStore} port with in-memory and Firestore stores. */
package dev.agentfn.calendar;

package io.ioucontext.reactor;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A reactor's user cookie and the destructor that eats it, as the original's cookie jar: replacing
 * the cookie never destroys the old one; eating calls the destructor once and empties the jar.
 */
final class CookieJar {

    private Object cookie;
    private Consumer<Object> destructor;

    Optional<Object> cookie() {
        return Optional.ofNullable(cookie);
    }

    @SuppressWarnings("unchecked")
    <T> Optional<Object> replace(T newCookie, Consumer<? super T> newDestructor) {
        Optional<Object> old = Optional.ofNullable(cookie);
        cookie = newCookie;
        destructor = (Consumer<Object>) newDestructor;
        return old;
    }

    boolean eat() {
        if (destructor == null) {
            return false;
        }
        Consumer<Object> eater = destructor;
        Object eaten = cookie;
        destructor = null;
        cookie = null;
        eater.accept(eaten);
        return true;
    }
}
